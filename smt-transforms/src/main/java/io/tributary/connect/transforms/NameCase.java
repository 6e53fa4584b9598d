package io.tributary.connect.transforms;

import io.tributary.connect.common.config.Choices;
import io.tributary.connect.common.config.ConfigChoice;
import java.util.Locale;

/** How {@link RenameFields} rewrites the case of field names that have no explicit rename. */
enum NameCase implements ConfigChoice {

    NONE {
        @Override
        String apply(String name) {
            return name;
        }
    },

    /**
     * {@code CUST_NM -> custNm}, {@code order_line_id -> orderLineId}. Words are lower-cased first because
     * legacy schemas shout ({@code CUST_NM}); a name without underscores that already has lower-case
     * letters ({@code customerId}) is not snake case and is left alone rather than flattened to
     * {@code customerid}. Leading and trailing underscores ({@code __deleted}) carry meaning and stay.
     */
    SNAKE_TO_CAMEL {
        @Override
        String apply(String name) {
            int start = 0;
            int end = name.length();
            while (start < end && name.charAt(start) == '_') {
                start++;
            }
            while (end > start && name.charAt(end - 1) == '_') {
                end--;
            }
            String core = name.substring(start, end);
            if (core.indexOf('_') < 0 && !core.equals(core.toUpperCase(Locale.ROOT))) {
                return name;
            }
            StringBuilder out = new StringBuilder(name.length()).append(name, 0, start);
            boolean first = true;
            for (String word : core.split("_+")) {
                if (word.isEmpty()) {
                    continue;
                }
                String lower = word.toLowerCase(Locale.ROOT);
                if (first) {
                    out.append(lower);
                    first = false;
                } else {
                    out.appendCodePoint(Character.toUpperCase(lower.codePointAt(0)))
                        .append(lower, Character.charCount(lower.codePointAt(0)), lower.length());
                }
            }
            return out.append(name, end, name.length()).toString();
        }
    },

    /**
     * {@code custNm -> cust_nm}, {@code customerID -> customer_id}, {@code HTTPServer -> http_server}:
     * a word starts at an upper-case letter after a lower-case letter or digit, or at the last capital of
     * an acronym that is followed by a lower-case letter.
     */
    CAMEL_TO_SNAKE {
        @Override
        String apply(String name) {
            StringBuilder out = new StringBuilder(name.length() + 4);
            int length = name.length();
            for (int i = 0; i < length; i++) {
                char c = name.charAt(i);
                if (Character.isUpperCase(c) && i > 0) {
                    char previous = name.charAt(i - 1);
                    boolean afterWordChar = Character.isLowerCase(previous) || Character.isDigit(previous);
                    boolean endsAcronym = Character.isUpperCase(previous)
                        && i + 1 < length && Character.isLowerCase(name.charAt(i + 1));
                    if (afterWordChar || endsAcronym) {
                        out.append('_');
                    }
                }
                out.append(Character.toLowerCase(c));
            }
            return out.toString();
        }
    },

    LOWER {
        @Override
        String apply(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    },

    UPPER {
        @Override
        String apply(String name) {
            return name.toUpperCase(Locale.ROOT);
        }
    };

    abstract String apply(String name);

    /** The config spelling, e.g. {@code snake_to_camel}. */
    @Override
    public String configValue() {
        return Choices.lowerCase(this);
    }
}
