package io.tributary.connect.testkit;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code GET /connectors/{name}/status}: the connector's state and its tasks'. */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<Task> tasks) {

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    /** One task's state; {@code trace} is set when it FAILED. */
    public record Task(int id, String state, String workerId, String trace) {
    }

    public boolean isRunning(int expectedTasks) {
        return "RUNNING".equals(state)
                && tasks.size() == expectedTasks
                && tasks.stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    public boolean anyFailed() {
        return "FAILED".equals(state) || tasks.stream().anyMatch(task -> "FAILED".equals(task.state()));
    }

    /** The traces of whatever FAILED, for an assertion message. */
    public String traces() {
        Stream<String> connector = "FAILED".equals(state) ? Stream.of("connector: " + trace) : Stream.empty();
        Stream<String> failedTasks = tasks.stream()
                .filter(task -> "FAILED".equals(task.state()))
                .map(task -> "task " + task.id() + ": " + task.trace());
        return Stream.concat(connector, failedTasks).collect(Collectors.joining("\n"));
    }
}
