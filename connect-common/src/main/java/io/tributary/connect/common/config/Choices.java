package io.tributary.connect.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one rule for enumerated config keys: the values are those of a {@link ConfigChoice} enum, matched
 * ignoring case and surrounding blanks; the docs and the error list them in declaration order.
 */
public final class Choices {

    private Choices() {
    }

    /** The value of {@code text}, or a ConfigException on {@code key} that lists the choices. */
    public static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key, Object text) {
        E choice = find(type, text);
        if (choice == null) {
            throw new ConfigException(key, text, "must be one of " + String.join(", ", configValues(type)));
        }
        return choice;
    }

    /** The choice {@code text} names, or null when it names none. */
    public static <E extends Enum<E> & ConfigChoice> E find(Class<E> type, Object text) {
        if (text == null) {
            return null;
        }
        String wanted = text.toString().trim();
        for (E choice : type.getEnumConstants()) {
            if (choice.configValue().equalsIgnoreCase(wanted)) {
                return choice;
            }
        }
        return null;
    }

    public static <E extends Enum<E> & ConfigChoice> List<String> configValues(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigChoice::configValue).toList();
    }

    /** The validator of a key whose values are {@code type}'s; its text is what the docs' table shows. */
    public static <E extends Enum<E> & ConfigChoice> ConfigDef.Validator validator(Class<E> type) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                parse(type, name, value);
            }

            @Override
            public String toString() {
                return "one of " + String.join(", ", configValues(type)) + " (any case)";
            }
        };
    }

    /** Offers the choices to UIs that read Connect's recommended values. */
    public static <E extends Enum<E> & ConfigChoice> ConfigDef.Recommender recommender(Class<E> type) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                return List.copyOf(configValues(type));
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                return true;
            }
        };
    }

    /** {@code value} in lower case, for enums whose config values are their names. */
    public static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
