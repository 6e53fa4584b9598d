package io.tributary.connect.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The one way a connector checks its configuration, run by both {@code validate()} and {@code start()}: a
 * config PUT straight to {@code /connectors/x/config} skips {@code validate()}, so a rule only validate()
 * enforced would not hold. First every key's own validator (the ConfigDef), then named steps in order:
 * rules across keys, then connectivity checks (each bounded in time). A step reads only keys that passed
 * their own validation, so a user sees the root cause, not its echoes.
 */
public final class ConfigValidation {

    /** One named check; it reports problems to the context. */
    @FunctionalInterface
    public interface Step {
        void check(Context context);
    }

    private record NamedStep(String name, Step step, Duration bound, String blamedKey) {
    }

    private final ConfigDef definition;
    private final List<NamedStep> steps;

    private ConfigValidation(ConfigDef definition, List<NamedStep> steps) {
        this.definition = definition;
        this.steps = List.copyOf(steps);
    }

    public static Builder of(ConfigDef definition) {
        return new Builder(definition);
    }

    /** For {@code Connector.validate()}: each key with its own errors and the problems of every step. */
    public Config validate(Map<String, String> props) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (ConfigValue value : definition.validate(props)) {
            values.put(value.name(), value);
        }
        for (ConfigProblem problem : runSteps(props, values)) {
            ConfigValue value = values.computeIfAbsent(problem.key(),
                    key -> new ConfigValue(key, props.get(key), List.of(), new ArrayList<>()));
            if (!value.errorMessages().contains(problem.message())) {
                value.addErrorMessage(problem.message());
            }
        }
        return new Config(new ArrayList<>(values.values()));
    }

    /** Every problem, own validators first: what {@link #validate} reports, as a list. */
    public List<ConfigProblem> problems(Map<String, String> props) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigValue value : definition.validate(props)) {
            values.put(value.name(), value);
            value.errorMessages().forEach(message -> problems.add(ConfigProblem.of(value.name(), message)));
        }
        for (ConfigProblem problem : runSteps(props, values)) {
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /**
     * For {@code start()}: fails with every permanent problem, each with its key. Problems that may clear
     * by themselves (a server that did not answer) are returned for the caller to log and retry.
     *
     * @param what names the connector in the message, e.g. "connector orders-source"
     */
    public List<ConfigProblem> requireValid(String what, Map<String, String> props) {
        List<ConfigProblem> problems = problems(props);
        List<ConfigProblem> permanent = problems.stream().filter(problem -> !problem.transientFault()).toList();
        if (!permanent.isEmpty()) {
            throw new ConfigException(what + " cannot start: " + permanent.stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")));
        }
        return problems;
    }

    private List<ConfigProblem> runSteps(Map<String, String> props, Map<String, ConfigValue> values) {
        Map<String, Object> valid = new LinkedHashMap<>();
        for (ConfigValue value : values.values()) {
            if (value.errorMessages().isEmpty()) {
                valid.put(value.name(), value.value());
            }
        }
        Context context = new Context(props, valid, valid.size() < values.size());
        for (NamedStep step : steps) {
            if (step.bound() == null) {
                step.step().check(context);
            } else {
                runBounded(step, context);
            }
        }
        return context.problems;
    }

    /**
     * Runs a connectivity step on its own thread: a server that accepts a connection and then says nothing
     * must not hold a REST request (or a worker's start) for longer than the bound.
     */
    private static void runBounded(NamedStep step, Context context) {
        Context own = new Context(context.props, context.valid, context.anyInvalidKey);
        own.problems.addAll(context.problems);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-config-check-" + step.name());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<?> done = executor.submit(() -> step.step().check(own));
            done.get(step.bound().toMillis(), TimeUnit.MILLISECONDS);
            own.problems.stream().filter(problem -> !context.problems.contains(problem)).forEach(context::problem);
        } catch (TimeoutException e) {
            context.problem(ConfigProblem.unreachable(step.blamedKey(), "the " + step.name() + " check got no answer "
                    + "within " + step.bound().toSeconds() + " s; check that the server is up and reachable from "
                    + "this worker"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            context.problem(ConfigProblem.of(step.blamedKey(), "the " + step.name() + " check failed: "
                    + cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.problem(ConfigProblem.unreachable(step.blamedKey(), "the " + step.name()
                    + " check was interrupted"));
        } finally {
            executor.shutdownNow();
        }
    }

    /** What a step sees: the values that passed their own validators, the raw properties, where problems go. */
    public static final class Context {
        private final Map<String, String> props;
        private final Map<String, Object> valid;
        private final boolean anyInvalidKey;
        private final List<ConfigProblem> problems = new ArrayList<>();

        private Context(Map<String, String> props, Map<String, Object> valid, boolean anyInvalidKey) {
            this.props = props;
            this.valid = valid;
            this.anyInvalidKey = anyInvalidKey;
        }

        /** Whether every key passed its own validation (a step reading other keys is skipped by its author). */
        public boolean has(String... keys) {
            for (String key : keys) {
                if (!valid.containsKey(key)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether every key passed its own validation and no step has reported a problem on it yet. */
        public boolean clean(String... keys) {
            if (!has(keys)) {
                return false;
            }
            for (String key : keys) {
                if (problems.stream().anyMatch(problem -> problem.key().equals(key))) {
                    return false;
                }
            }
            return true;
        }

        /** The parsed value of a key that passed its own validation; null otherwise. */
        public Object value(String key) {
            return valid.get(key);
        }

        /** The properties as posted, including keys the ConfigDef does not define (the worker's own). */
        public Map<String, String> props() {
            return props;
        }

        /** Whether any problem has been found so far, by a key's own validator or an earlier step. */
        public boolean anyProblem() {
            return !problems.isEmpty() || anyInvalidKey;
        }

        public void problem(String key, String message) {
            problem(ConfigProblem.of(key, message));
        }

        public void problem(ConfigProblem problem) {
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
    }

    public static final class Builder {
        private final ConfigDef definition;
        private final List<NamedStep> steps = new ArrayList<>();

        private Builder(ConfigDef definition) {
            this.definition = definition;
        }

        /** A rule across keys; it runs in order after every key's own validator. */
        public Builder rule(String name, Step step) {
            steps.add(new NamedStep(name, step, null, null));
            return this;
        }

        /**
         * A check against a server, given at most {@code bound}; when it takes longer, a transient problem
         * is reported on {@code blamedKey}.
         */
        public Builder connectivity(String name, Duration bound, String blamedKey, Step step) {
            steps.add(new NamedStep(name, step, bound, blamedKey));
            return this;
        }

        public ConfigValidation build() {
            return new ConfigValidation(definition, steps);
        }
    }
}
