package io.tributary.connect.transforms;

import io.tributary.connect.common.data.TypeNames;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** One way {@link Mask} hides a field's value, parsed from the rule part of a {@code path:rule} entry. */
abstract class MaskRule {

    static final String REDACT = "redact";
    static final String HASH = "hash";
    static final String KEEP_LAST = "keep-last:";
    static final String REGEX = "regex:";
    static final String SYNTAX = "redact, hash, keep-last:N or regex:<pattern>=<replacement>";

    private final String text;

    private MaskRule(String text) {
        this.text = text;
    }

    /**
     * Parses a rule.
     *
     * @throws IllegalArgumentException with the reason when the rule is unknown or malformed
     */
    static MaskRule parse(String text) {
        if (text.equals(REDACT)) {
            return new Redact(text);
        }
        if (text.equals(HASH)) {
            return new Hash(text);
        }
        if (text.startsWith(KEEP_LAST)) {
            return new KeepLast(text, parseCount(text.substring(KEEP_LAST.length())));
        }
        if (text.startsWith(REGEX)) {
            return parseRegex(text);
        }
        throw new IllegalArgumentException("unknown rule '" + text + "'; use " + SYNTAX);
    }

    /** Whether the rule can only mask STRING fields. */
    abstract boolean stringsOnly();

    boolean needsSecret() {
        return false;
    }

    /**
     * The masked form of a non-null value.
     *
     * @param schema the field's schema, or {@code null} for schemaless records
     * @param hmac   the keyed hash, present whenever a rule needs it
     */
    abstract Object mask(Object value, Schema schema, HmacSha256 hmac, String owner, String path);

    /** Rejects a field schema this rule cannot mask, once per schema rather than per record. */
    void checkSchema(Schema schema, String owner, String path) {
        if (stringsOnly() && schema.type() != Schema.Type.STRING) {
            throw notString(owner, path, TypeNames.of(schema));
        }
    }

    String checkString(Object value, String owner, String path) {
        if (value instanceof String string) {
            return string;
        }
        throw notString(owner, path, TypeNames.of(value));
    }

    private DataException notString(String owner, String path, String actualType) {
        return new DataException(owner + ": rule '" + text + "' masks strings only, but field '" + path + "' is "
            + actualType);
    }

    @Override
    public String toString() {
        return text;
    }

    private static int parseCount(String count) {
        try {
            int n = Integer.parseInt(count.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the reason a user can act on
        }
        throw new IllegalArgumentException("keep-last needs a count of zero or more characters, not '" + count + "'");
    }

    private static MaskRule parseRegex(String text) {
        String body = text.substring(REGEX.length());
        // the last '=' splits, so patterns may use lookarounds such as (?=...); replacements cannot hold '='
        int equals = body.lastIndexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("regex rule '" + text
                + "' needs the form regex:<pattern>=<replacement>");
        }
        String regex = body.substring(0, equals);
        String replacement = body.substring(equals + 1);
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("regex rule '" + text + "' has an empty pattern");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex rule '" + text + "' has an invalid pattern: "
                + e.getDescription() + " near index " + e.getIndex());
        }
        checkReplacement(replacement, pattern.matcher("").groupCount(), text);
        return new Replace(text, pattern, replacement);
    }

    // Matcher only checks the replacement when a value matches; checking now turns a record-time
    // failure on some rare value into a config error
    private static void checkReplacement(String replacement, int groups, String text) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i == replacement.length()) {
                    throw new IllegalArgumentException("regex rule '" + text
                        + "' ends its replacement with a lone backslash");
                }
            } else if (c == '$') {
                if (++i == replacement.length()) {
                    throw new IllegalArgumentException("regex rule '" + text
                        + "' ends its replacement with a lone '$'; write \\$ for a dollar sign");
                }
                char next = replacement.charAt(i);
                if (next == '{') {
                    int close = replacement.indexOf('}', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("regex rule '" + text
                            + "' has an unclosed ${name} group reference");
                    }
                    i = close;
                } else if (!Character.isDigit(next) || next - '0' > groups) {
                    throw new IllegalArgumentException("regex rule '" + text + "' refers to group $" + next
                        + " but the pattern has " + groups + " group(s); write \\$ for a dollar sign");
                }
            }
        }
    }

    private static final class Redact extends MaskRule {
        Redact(String text) {
            super(text);
        }

        @Override
        boolean stringsOnly() {
            return false;
        }

        @Override
        Object mask(Object value, Schema schema, HmacSha256 hmac, String owner, String path) {
            return schema != null ? Redaction.emptyValue(schema) : Redaction.emptyValueLike(value, owner, path);
        }
    }

    /** A rule that masks STRING fields only, and fails a field of any other type. */
    private abstract static class StringRule extends MaskRule {
        StringRule(String text) {
            super(text);
        }

        @Override
        final boolean stringsOnly() {
            return true;
        }

        @Override
        final Object mask(Object value, Schema schema, HmacSha256 hmac, String owner, String path) {
            return maskString(checkString(value, owner, path), hmac);
        }

        abstract String maskString(String string, HmacSha256 hmac);
    }

    private static final class Hash extends StringRule {
        Hash(String text) {
            super(text);
        }

        @Override
        boolean needsSecret() {
            return true;
        }

        @Override
        String maskString(String string, HmacSha256 hmac) {
            return hmac.hex(string);
        }
    }

    private static final class KeepLast extends StringRule {
        private final int keep;

        KeepLast(String text, int keep) {
            super(text);
            this.keep = keep;
        }

        @Override
        String maskString(String string, HmacSha256 hmac) {
            // code points, so a kept emoji or CJK character is never cut in half
            int length = string.codePointCount(0, string.length());
            if (length <= keep) {
                return string;
            }
            int keptFrom = string.offsetByCodePoints(0, length - keep);
            return "*".repeat(length - keep) + string.substring(keptFrom);
        }
    }

    private static final class Replace extends StringRule {
        private final Pattern pattern;
        private final String replacement;

        Replace(String text, Pattern pattern, String replacement) {
            super(text);
            this.pattern = pattern;
            this.replacement = replacement;
        }

        @Override
        String maskString(String string, HmacSha256 hmac) {
            return pattern.matcher(string).replaceAll(replacement);
        }
    }
}
