package io.tributary.connect.testkit;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code PUT /connector-plugins/{class}/config/validate}.
 *
 * @param errorCount the worker's {@code error_count}
 * @param errors     for each key that has errors, its messages
 */
public record ConfigValidation(int errorCount, Map<String, List<String>> errors) {

    public ConfigValidation {
        errors = Map.copyOf(errors);
    }

    /** The messages for one key; empty when the key is valid. */
    public List<String> errorsFor(String key) {
        return errors.getOrDefault(key, List.of());
    }

    public boolean isValid() {
        return errorCount == 0;
    }
}
