package io.tributary.connect.transforms;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts one of a fixed list of words, ignoring case. Unlike Kafka's
 * {@code CaseInsensitiveValidString}, the error lists the choices in the documented order and spelling.
 */
final class ChoiceValidator implements ConfigDef.Validator {

    private final List<String> choices;

    private ChoiceValidator(List<String> choices) {
        this.choices = choices;
    }

    static ChoiceValidator of(String... choices) {
        return new ChoiceValidator(List.of(choices));
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || !choices.contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(name, value, "must be one of " + String.join(", ", choices));
        }
    }

    @Override
    public String toString() {
        return String.join(", ", choices);
    }
}
