package io.tributary.connect.cdc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Slot and publication names derived from the connector name. Debezium's default slot name is the same
 * for every connector, so two pipelines on one database would silently steal each other's changes.
 */
public final class SlotNames {

    private static final int MAX_LENGTH = 63;
    private static final String PREFIX = "tributary_";

    private SlotNames() {
    }

    /** Whether PostgreSQL accepts {@code name} as a replication slot name. */
    public static boolean isValid(String name) {
        return name != null && name.matches("[a-z0-9_]{1,63}");
    }

    /**
     * {@code tributary_} and the connector name in lower case with every other character as {@code _};
     * a name too long for PostgreSQL keeps its start and gets a hash of the whole, so distinct long names
     * stay distinct.
     */
    public static String derive(String connectorName) {
        if (connectorName == null || connectorName.isBlank()) {
            throw new IllegalArgumentException("a connector name is needed to derive slot and publication names");
        }
        String cleaned = PREFIX + connectorName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.length() <= MAX_LENGTH && cleaned.equals(PREFIX + connectorName)) {
            return cleaned;
        }
        // a name that changed when cleaned gets the hash too: "Orders" and "orders" must not share a slot
        String hash = sha256Hex(connectorName).substring(0, 8);
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - hash.length() - 1));
        return head + "_" + hash;
    }

    /** The configured name, or the one derived from the connector name when none is configured. */
    static String orDerived(String configured, String connectorName) {
        return configured == null || configured.isEmpty() ? derive(connectorName) : configured;
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
