package io.tributary.connect.common.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The validators more than one plugin needs, each with the text the docs' tables show. */
public final class Validators {

    private Validators() {
    }

    /** A list with at least one entry and no blank entry; {@code what} names an entry in errors and docs. */
    public static ConfigDef.Validator nonEmptyList(String what) {
        return new Named("non-empty list of " + what) {
            @Override
            public void ensureValid(String name, Object value) {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw new ConfigException(name, value, "list at least one " + what);
                }
                if (list.stream().anyMatch(item -> item == null || item.toString().isBlank())) {
                    throw new ConfigException(name, value, "an entry is blank; list " + what + " separated by commas");
                }
            }
        };
    }

    /** A list (possibly empty) whose every entry is a Java regular expression. */
    public static ConfigDef.Validator regexList() {
        return new Named("comma-separated regular expressions") {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                for (Object item : (List<?>) value) {
                    regexProblem(name, value, item.toString());
                }
            }
        };
    }

    /** One Java regular expression; empty is allowed when {@code optional}. */
    public static ConfigDef.Validator regex(boolean optional) {
        return new Named(optional ? "a regular expression, or empty" : "a regular expression") {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value == null ? "" : value.toString();
                if (text.isBlank()) {
                    if (!optional) {
                        throw new ConfigException(name, value, "give a regular expression");
                    }
                    return;
                }
                regexProblem(name, value, text);
            }
        };
    }

    private static void regexProblem(String name, Object value, String text) {
        try {
            Pattern.compile(text.trim());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(name, value, "'" + text.trim() + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /** A time zone id such as {@code UTC} or {@code Europe/Paris}; empty is allowed when {@code optional}. */
    public static ConfigDef.Validator timeZone(boolean optional) {
        return new Named(optional ? "a time zone id (e.g. UTC, Europe/Paris), or empty"
                : "a time zone id (e.g. UTC, Europe/Paris)") {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value == null ? "" : value.toString().trim();
                if (text.isEmpty()) {
                    if (!optional) {
                        throw new ConfigException(name, value, "give a time zone id such as UTC or Europe/Paris");
                    }
                    return;
                }
                try {
                    ZoneId.of(text);
                } catch (DateTimeException e) {
                    throw new ConfigException(name, value, "not a time zone id; use a region such as Europe/Paris "
                            + "or an offset such as UTC or +02:00");
                }
            }
        };
    }

    /**
     * A text value that {@code valid} accepts; {@code advice} is the error's reason, {@code doc} the docs' text.
     * Empty is allowed when {@code optional}, and then {@code valid} is not asked; the text is not trimmed.
     */
    public static ConfigDef.Validator text(String doc, boolean optional, Predicate<String> valid, String advice) {
        return new Named(doc) {
            @Override
            public void ensureValid(String name, Object value) {
                String text = value == null ? "" : value.toString();
                if (optional && text.isEmpty()) {
                    return;
                }
                if (!valid.test(text)) {
                    throw new ConfigException(name, value, advice);
                }
            }
        };
    }

    /** A validator whose documented text is fixed; anonymous subclasses give the check. */
    private abstract static class Named implements ConfigDef.Validator {
        private final String text;

        Named(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
