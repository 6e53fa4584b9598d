package io.tributary.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ChoicesTest {

    enum Mode implements ConfigChoice {
        BULK("bulk"), TIMESTAMP_INCREMENTING("timestamp+incrementing");

        private final String configValue;

        Mode(String configValue) {
            this.configValue = configValue;
        }

        @Override
        public String configValue() {
            return configValue;
        }
    }

    @Test
    void matchesIgnoringCaseAndBlanks() {
        assertEquals(Mode.BULK, Choices.parse(Mode.class, "mode", "BULK"));
        assertEquals(Mode.TIMESTAMP_INCREMENTING, Choices.parse(Mode.class, "mode", " Timestamp+Incrementing "));
        assertNull(Choices.find(Mode.class, "timestamp_incrementing"));
        assertNull(Choices.find(Mode.class, null));
    }

    @Test
    void theErrorNamesTheKeyAndListsTheChoicesInOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> Choices.parse(Mode.class, "mode", "sometimes"));

        assertEquals("Invalid value sometimes for configuration mode: must be one of bulk, timestamp+incrementing",
                e.getMessage());
    }

    @Test
    void theValidatorDocumentsTheChoicesAndTheRecommenderOffersThem() {
        ConfigDef.Validator validator = Choices.validator(Mode.class);

        validator.ensureValid("mode", "Bulk");
        assertThrows(ConfigException.class, () -> validator.ensureValid("mode", "x"));
        assertEquals("one of bulk, timestamp+incrementing (any case)", validator.toString());
        assertEquals(List.of("bulk", "timestamp+incrementing"),
                Choices.recommender(Mode.class).validValues("mode", Map.of()));
    }
}
