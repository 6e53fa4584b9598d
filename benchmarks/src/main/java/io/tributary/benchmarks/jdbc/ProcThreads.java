package io.tributary.benchmarks.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's view of this JVM's threads over a run (-Dbench.threads=true, Linux only): per native thread
 * name (15 characters, digits blanked) user and system CPU and voluntary / involuntary context switches, and
 * the machine's CPU split (user, system, idle, steal) from /proc/stat; and PostgreSQL's CPU time.
 */
final class ProcThreads {

    private static final String MACHINE = "<machine: user system idle iowait irq softirq steal>";
    /** /proc counts CPU time in ticks of 1/100 s (USER_HZ on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcThreads() {
    }

    /** Group name to {utime ticks, stime ticks, voluntary switches, involuntary switches}. */
    static Map<String, long[]> snapshot() {
        Map<String, long[]> groups = new TreeMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    Stat stat = Stat.of(task);
                    long[] sum = groups.computeIfAbsent(stat.name().replaceAll("\\d+", "#"), k -> new long[4]);
                    sum[0] += stat.userTicks();
                    sum[1] += stat.systemTicks();
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum[2] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum[3] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] machine = new long[7];
            int[] columns = {1, 3, 4, 5, 6, 7, 8}; // user, system, idle, iowait, irq, softirq, steal
            for (int i = 0; i < columns.length; i++) {
                machine[i] = Long.parseLong(cpu[columns[i]]);
            }
            machine[0] += Long.parseLong(cpu[2]); // nice counts as user
            groups.put(MACHINE, machine);
        } catch (IOException | RuntimeException noProc) {
            return Map.of();
        }
        return groups;
    }

    /** CPU time of every process named postgres on this machine (0 where there is no /proc). */
    static long postgresCpuNanos() {
        long ticks = 0;
        try (var processes = Files.newDirectoryStream(Path.of("/proc"),
                entry -> entry.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                try {
                    Stat stat = Stat.of(process);
                    if (stat.name().equals("postgres")) {
                        ticks += stat.userTicks() + stat.systemTicks();
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        } catch (IOException noProc) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    /** A process's or thread's name and CPU ticks, from its {@code stat} file. */
    private record Stat(String name, long userTicks, long systemTicks) {
        static Stat of(Path processOrTask) throws IOException {
            String stat = Files.readString(processOrTask.resolve("stat"));
            int close = stat.lastIndexOf(')'); // the name may hold spaces and parentheses
            String[] fields = stat.substring(close + 2).split(" ");
            return new Stat(stat.substring(stat.indexOf('(') + 1, close), Long.parseLong(fields[11]),
                    Long.parseLong(fields[12]));
        }
    }

    /**
     * The kernel keeps 15 characters of a thread's name: {@code task-thread-tri} is a Connect task thread,
     * {@code tributary-jdbc-} a JDBC source task's reader thread (tributary-jdbc-reader-*).
     */
    private static String label(String name) {
        if (name.startsWith("tributary-jdbc-")) {
            return name + " (reader)";
        }
        if (name.startsWith("task-thread-")) {
            return name + " (task)";
        }
        return name;
    }

    static void print(Map<String, long[]> before, Map<String, long[]> after, int rows) {
        StringBuilder out = new StringBuilder("    /proc per thread name: user us/row, sys us/row, "
                + "voluntary / involuntary switches per 1000 rows");
        after.forEach((name, sum) -> {
            if (name.equals(MACHINE)) {
                return;
            }
            long[] was = before.getOrDefault(name, new long[4]);
            double user = (sum[0] - was[0]) * (NANOS_PER_TICK / 1e3) / rows;
            double sys = (sum[1] - was[1]) * (NANOS_PER_TICK / 1e3) / rows;
            if (user + sys >= 0.05) {
                out.append(String.format("%n      %-26s %6.2f %6.2f %8.1f %8.1f", label(name), user, sys,
                        (sum[2] - was[2]) * 1e3 / rows, (sum[3] - was[3]) * 1e3 / rows));
            }
        });
        long[] machine = after.get(MACHINE);
        long[] was = before.get(MACHINE);
        if (machine != null && was != null) {
            long total = 0;
            for (int i = 0; i < machine.length; i++) {
                total += machine[i] - was[i];
            }
            out.append(String.format("%n      %s:", MACHINE));
            for (int i = 0; i < machine.length; i++) {
                out.append(String.format(" %4.1f%%", 100.0 * (machine[i] - was[i]) / Math.max(1, total)));
            }
        }
        System.out.println(out);
    }
}
