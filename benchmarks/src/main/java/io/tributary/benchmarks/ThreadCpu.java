package io.tributary.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** CPU time of the threads whose names match, from the JVM's ThreadMXBean; shared by the benchmark runners. */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Per thread, when last seen: its name, and its user-mode share of CPU time so far. */
    private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
    private static final Map<Long, long[]> USER_AND_TOTAL = new ConcurrentHashMap<>();

    private ThreadCpu() {
    }

    /** Thread id to CPU nanoseconds so far, for the live threads whose names match. */
    public static Map<Long, Long> snapshot(Predicate<String> names) {
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                    NAMES.put(info.getThreadId(), info.getThreadName());
                    USER_AND_TOTAL.put(info.getThreadId(),
                            new long[] {THREADS.getThreadUserTime(info.getThreadId()), nanos});
                }
            }
        }
        return cpu;
    }

    /** CPU nanoseconds spent between two snapshots (threads born in between count from zero). */
    public static long between(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /**
     * As {@link #between}, for the threads whose name as last seen matches: a pooled thread (the Connect
     * worker's) takes a task's name only while it runs that task, so the name at the end counts.
     */
    public static long between(Map<Long, Long> before, Map<Long, Long> after, Predicate<String> names) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            if (names.test(NAMES.get(thread.getKey()))) {
                total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
        }
        return total;
    }

    /** What one group of threads spent: CPU nanoseconds between the snapshots, and the kernel's share. */
    public record Group(long cpuNanos, int kernelPercent) {
    }

    /**
     * As {@link #between}, per group of threads ({@code group} names the group of a thread name). The
     * kernel share is over each thread's lifetime as last seen, which for the benchmark's threads (born
     * with their run) is the run.
     */
    public static Map<String, Group> byGroup(Map<Long, Long> before, Map<Long, Long> after,
                                             Function<String, String> group) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            long[] sum = sums.computeIfAbsent(group.apply(NAMES.getOrDefault(thread.getKey(), "?")), k -> new long[3]);
            sum[0] += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            long[] userAndTotal = USER_AND_TOTAL.getOrDefault(thread.getKey(), new long[2]);
            sum[1] += userAndTotal[1] - userAndTotal[0];
            sum[2] += userAndTotal[1];
        }
        Map<String, Group> groups = new TreeMap<>();
        sums.forEach((name, sum) -> groups.put(name,
                new Group(sum[0], sum[2] == 0 ? 0 : (int) (100 * sum[1] / sum[2]))));
        return groups;
    }
}
