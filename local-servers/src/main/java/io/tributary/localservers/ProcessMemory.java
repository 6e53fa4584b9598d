package io.tributary.localservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of a process and its descendants, read from /proc (Linux); 0 where /proc is absent. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** RSS in MiB of the process and every descendant. */
    public static long rssMiB(ProcessHandle process) {
        long kib = Stream.concat(Stream.of(process), process.descendants())
                .mapToLong(handle -> rssKiB(handle.pid()))
                .sum();
        return kib / 1024;
    }

    /** RSS in MiB of this JVM. */
    public static long selfRssMiB() {
        return rssKiB(ProcessHandle.current().pid()) / 1024;
    }

    static long rssKiB(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0L;
        }
    }
}
