package io.tributary.connect.common;

/**
 * The one rule for keeping secrets out of messages, logs and exceptions: every occurrence of a secret is
 * replaced by {@link #PLACEHOLDER}, the text Kafka itself shows for a password, and a JDBC URL is cut
 * before its parameters, where drivers accept user and password.
 */
public final class Redaction {

    public static final String PLACEHOLDER = "[hidden]";

    private Redaction() {
    }

    /** {@code text} with each non-empty secret replaced; null stays null. */
    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, PLACEHOLDER);
            }
        }
        return result;
    }

    /** A JDBC URL without its query string or driver properties ({@code ?...} or {@code ;...}). */
    public static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        int semicolon = url.indexOf(';');
        int cut = query < 0 ? semicolon : (semicolon < 0 ? query : Math.min(query, semicolon));
        return cut < 0 ? url : url.substring(0, cut);
    }
}
