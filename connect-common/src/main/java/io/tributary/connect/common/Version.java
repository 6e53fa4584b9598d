package io.tributary.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Tributary version, as written into this jar at build time. Every connector, transform and
 * predicate returns it from {@code version()}, so the worker's {@code GET /connector-plugins} shows
 * exactly which build is loaded.
 */
public final class Version {

    private static final String RESOURCE = "version.properties";
    private static final String VERSION = load();

    private Version() {
    }

    /** The project version this jar was built as, e.g. {@code 0.1.0} or {@code 0.2.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Tributary jar lacks " + RESOURCE + "; it was not built by Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            if (version.isEmpty() || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " holds no filtered version: '" + version + "'");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
