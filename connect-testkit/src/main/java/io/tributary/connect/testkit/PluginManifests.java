package io.tributary.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Checks a module's compiled classes against its {@code META-INF/services} files: workers with
 * {@code plugin.discovery=service_load} see only what those files list (KIP-898), so a plugin class
 * missing from them is invisible in production while every classpath-scanning test still passes.
 */
public final class PluginManifests {

    /** The plugin kinds a worker loads through ServiceLoader. */
    static final List<Class<?>> PLUGIN_TYPES = List.of(SourceConnector.class, SinkConnector.class,
            Transformation.class, Predicate.class, Converter.class, HeaderConverter.class, ConfigProvider.class,
            ConnectRestExtension.class, ConnectorClientConfigOverridePolicy.class);

    private PluginManifests() {
    }

    /**
     * Fails unless, for every plugin type, the services file under {@code classesDir} lists exactly the
     * public concrete classes of that type compiled into {@code classesDir}, and each listed plugin that
     * is {@link Versioned} reports {@code expectedVersion}.
     */
    public static void verify(Path classesDir, String expectedVersion) {
        List<String> problems = new ArrayList<>();
        Set<String> compiled = compiledClassNames(classesDir);
        for (Class<?> type : PLUGIN_TYPES) {
            Set<String> expected = new TreeSet<>();
            for (String name : compiled) {
                Class<?> candidate = load(name);
                if (type.isAssignableFrom(candidate) && isInstantiablePlugin(candidate)) {
                    expected.add(name);
                }
            }
            Set<String> listed = listed(classesDir.resolve("META-INF/services/" + type.getName()));
            if (!expected.equals(listed)) {
                problems.add("META-INF/services/" + type.getName() + " lists " + listed + " but the module has "
                        + expected);
            }
            for (String name : listed) {
                String version = versionOf(name);
                if (version != null && !version.equals(expectedVersion)) {
                    problems.add(name + ".version() is '" + version + "', not the project version '"
                            + expectedVersion + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static boolean isInstantiablePlugin(Class<?> candidate) {
        int modifiers = candidate.getModifiers();
        return Modifier.isPublic(modifiers) && !Modifier.isAbstract(modifiers) && !candidate.isInterface()
                && (candidate.getEnclosingClass() == null || Modifier.isStatic(modifiers));
    }

    private static String versionOf(String className) {
        Class<?> plugin = load(className);
        if (!Versioned.class.isAssignableFrom(plugin)) {
            return null;
        }
        try {
            return ((Versioned) plugin.getDeclaredConstructor().newInstance()).version();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + " has no public no-argument constructor, which Connect needs", e);
        }
    }

    private static Set<String> compiledClassNames(Path classesDir) {
        if (!Files.isDirectory(classesDir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(classesDir)) {
            Set<String> names = new TreeSet<>();
            files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> classesDir.relativize(file).toString())
                    .filter(relative -> !relative.startsWith("META-INF") && !relative.endsWith("module-info.class"))
                    .map(relative -> relative.substring(0, relative.length() - ".class".length()).replace('/', '.'))
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> listed(Path servicesFile) {
        if (!Files.exists(servicesFile)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(servicesFile)) {
            Set<String> names = new TreeSet<>();
            lines.map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("listed or compiled class " + name + " cannot be loaded", e);
        }
    }
}
