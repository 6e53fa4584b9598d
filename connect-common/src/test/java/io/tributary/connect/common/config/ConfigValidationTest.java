package io.tributary.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define("low", Type.INT, 1, ConfigDef.Range.atLeast(0), Importance.HIGH, "Lower bound.")
            .define("high", Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.HIGH, "Upper bound.")
            .define("url", Type.STRING, "db://here", Importance.HIGH, "Where.");

    private static final ConfigValidation.Step LOW_BELOW_HIGH = context -> {
        if (context.has("low", "high") && (Integer) context.value("low") > (Integer) context.value("high")) {
            context.problem("low", "low must not exceed high");
        }
    };

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(value -> value.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void reportsARuleAcrossKeysOnTheKeyToChange() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION).rule("bounds", LOW_BELOW_HIGH).build();

        Config config = validation.validate(props("low", "5", "high", "3"));

        assertEquals(List.of("low must not exceed high"), errors(config, "low"));
        assertEquals(List.of(), errors(config, "high"));
    }

    @Test
    void skipsARuleWhoseKeysFailedTheirOwnValidator() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION).rule("bounds", LOW_BELOW_HIGH).build();

        Config config = validation.validate(props("low", "5", "high", "-3"));

        assertEquals(List.of(), errors(config, "low"));
        assertEquals(1, errors(config, "high").size());
        assertTrue(errors(config, "high").get(0).contains("at least 0"), errors(config, "high").toString());
    }

    @Test
    void startFailsListingEveryProblemWithItsKey() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION).rule("bounds", LOW_BELOW_HIGH)
                .rule("name", context -> {
                    if (context.props().get("name") == null) {
                        context.problem("name", "give the connector a name");
                    }
                }).build();

        ConfigException e = assertThrows(ConfigException.class,
                () -> validation.requireValid("connector x", props("low", "5", "high", "3")));

        assertEquals("connector x cannot start: low: low must not exceed high; name: give the connector a name",
                e.getMessage());
    }

    @Test
    void validateReportsAProblemOnAKeyTheDefinitionDoesNotHave() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION)
                .rule("name", context -> context.problem("name", "give the connector a name")).build();

        assertEquals(List.of("give the connector a name"), errors(validation.validate(props()), "name"));
    }

    @Test
    void startLeavesTransientProblemsToTheCaller() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION)
                .rule("reach", context -> context.problem(ConfigProblem.unreachable("url", "no answer"))).build();

        List<ConfigProblem> problems = validation.requireValid("connector x", props());

        assertEquals(List.of(ConfigProblem.unreachable("url", "no answer")), problems);
    }

    @Test
    void aConnectivityCheckThatHangsIsCutAtItsBound() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        ConfigValidation validation = ConfigValidation.of(DEFINITION)
                .connectivity("database", Duration.ofMillis(200), "url", context -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                }).build();

        Config config = validation.validate(props());

        assertEquals(List.of("the database check got no answer within 0 s; check that the server is up and "
                + "reachable from this worker"), errors(config, "url"));
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the hanging check's thread was interrupted");
    }

    @Test
    void aConnectivityCheckReportsItsProblemsAndLaterStepsRun() {
        AtomicInteger later = new AtomicInteger();
        ConfigValidation validation = ConfigValidation.of(DEFINITION)
                .connectivity("database", Duration.ofSeconds(10), "url",
                        context -> context.problem("url", "login refused"))
                .rule("after", context -> later.set(context.anyProblem() ? 1 : 2)).build();

        Config config = validation.validate(props());

        assertEquals(List.of("login refused"), errors(config, "url"));
        assertEquals(1, later.get(), "a later step sees the connectivity problem");
    }

    @Test
    void problemsListOwnValidatorsFirst() {
        ConfigValidation validation = ConfigValidation.of(DEFINITION)
                .rule("name", context -> context.problem("name", "give the connector a name")).build();

        List<ConfigProblem> problems = validation.problems(props("high", "x"));

        // Kafka reports a value that does not parse twice: as unparseable, then as null to the validator
        assertEquals(List.of("high", "high", "name"), problems.stream().map(ConfigProblem::key).toList());
        assertEquals(ConfigProblem.of("name", "give the connector a name"), problems.get(2));
    }
}
