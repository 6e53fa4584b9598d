package io.tributary.connect.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Checks what a packaged plugin directory ({@code target/plugin/<artifactId>/}) offers a worker: every class
 * listed for a plugin kind in the {@code META-INF/services} files of every jar in it. A worker with
 * {@code plugin.discovery=service_load} offers exactly these, and one that scans finds at least these, so a
 * dependency that carries another module's plugins (a second copy of a transform, offered by two directories)
 * shows up here while each module's own manifest test still passes.
 */
public final class PluginDirectory {

    private PluginDirectory() {
    }

    /**
     * Fails unless the plugins {@code dir} offers are exactly {@code expected}, kind by kind; a kind missing from
     * {@code expected} must offer nothing. The message names the jar of each plugin that is not expected.
     */
    public static void verify(Path dir, Map<Class<?>, Set<String>> expected) {
        Map<String, Map<String, String>> offered = offeredPlugins(dir);
        List<String> problems = new ArrayList<>();
        for (Class<?> kind : PluginManifests.PLUGIN_TYPES) {
            Map<String, String> jarByPlugin = offered.getOrDefault(kind.getName(), Map.of());
            Set<String> wanted = expected.getOrDefault(kind, Set.of());
            for (Map.Entry<String, String> plugin : jarByPlugin.entrySet()) {
                if (!wanted.contains(plugin.getKey())) {
                    problems.add(plugin.getValue() + " offers " + kind.getSimpleName() + " " + plugin.getKey()
                            + ", which this plugin directory should not");
                }
            }
            for (String plugin : new TreeSet<>(wanted)) {
                if (!jarByPlugin.containsKey(plugin)) {
                    problems.add("no jar offers " + kind.getSimpleName() + " " + plugin);
                }
            }
        }
        for (Class<?> kind : expected.keySet()) {
            if (!PluginManifests.PLUGIN_TYPES.contains(kind)) {
                problems.add(kind.getName() + " is not a plugin kind a worker loads");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(dir + ":\n" + String.join("\n", problems));
        }
    }

    /**
     * The plugins {@code dir} offers: for each plugin kind (the services file name), each listed class and the
     * jar that lists it.
     */
    public static Map<String, Map<String, String>> offeredPlugins(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(dir + " does not exist; it is built at the package phase");
        }
        Map<String, Map<String, String>> offered = new TreeMap<>();
        for (Path jar : jarsIn(dir)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (Class<?> kind : PluginManifests.PLUGIN_TYPES) {
                    JarEntry entry = file.getJarEntry("META-INF/services/" + kind.getName());
                    if (entry != null) {
                        for (String plugin : listed(file, entry)) {
                            offered.computeIfAbsent(kind.getName(), k -> new TreeMap<>())
                                    .merge(plugin, jar.getFileName().toString(), (a, b) -> a + " and " + b);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        return offered;
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> listed(JarFile file, JarEntry entry) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
            return reader.lines().map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty())
                    .toList();
        }
    }
}
