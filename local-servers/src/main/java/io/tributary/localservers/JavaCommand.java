package io.tributary.localservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the broker and worker JVMs: this JDK, Kafka's classpath (a worker's must not hold
 * the plugins it loads through {@code plugin.path}), and a log4j2 configuration, which no Kafka jar ships.
 */
public final class JavaCommand {

    private final String classpath;
    private final Path log4jConfig;
    private final List<String> commonOptions;

    public JavaCommand(String classpath, Path log4jConfig) {
        this(classpath, log4jConfig, List.of());
    }

    /** {@code commonOptions} go to every JVM this starts, before each command's own options. */
    public JavaCommand(String classpath, Path log4jConfig, List<String> commonOptions) {
        this.classpath = classpath;
        this.log4jConfig = log4jConfig;
        this.commonOptions = List.copyOf(commonOptions);
    }

    public List<String> command(String mainClass, List<String> args, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(commonOptions);
        command.addAll(List.of(jvmOptions));
        command.add("-Dlog4j2.configurationFile=" + log4jConfig);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public void runToCompletion(String mainClass, List<String> args, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(mainClass + " " + args + " exited with " + exit + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
