package io.tributary.localservers;

import java.util.List;

/**
 * PostgreSQL and Elasticsearch refuse to run as root. As root, a server's command runs in a user
 * namespace where it is uid 1000; no chown is needed, and on a developer's machine nothing changes.
 */
public final class Unprivileged {

    private Unprivileged() {
    }

    /** True when this JVM runs as root. */
    public static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** What to put before a server's command: {@code unshare ...} as root, nothing otherwise. */
    public static List<String> commandPrefix() {
        return runningAsRoot() ? List.of("unshare", "--user", "--map-user=1000", "--map-group=1000") : List.of();
    }
}
