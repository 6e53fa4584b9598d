package io.tributary.connect.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link WithKafkaConnect}. */
public final class KafkaConnectExtension extends TypeBasedParameterResolver<KafkaConnectCluster>
        implements AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaConnectExtension.class);

    @Override
    public KafkaConnectCluster resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /** A cluster that lost a worker is not handed to the next test class: it is stopped here. */
    @Override
    public void afterAll(ExtensionContext context) {
        String key = key(shape(context));
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        KafkaConnectCluster cluster = store.get(key, KafkaConnectCluster.class);
        if (cluster != null && cluster.workerUrls().size() < shape(context).workers()) {
            store.remove(key);
            cluster.close();
        }
    }

    static KafkaConnectCluster cluster(ExtensionContext context) {
        WithKafkaConnect shape = shape(context);
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(key(shape), key -> start(shape), KafkaConnectCluster.class);
    }

    private static KafkaConnectCluster start(WithKafkaConnect shape) {
        Map<String, String> settings = workerSettings(shape);
        String name = "testkit-" + shape.brokers() + "b" + shape.workers() + "w"
                + (settings.isEmpty() ? "" : "-" + Integer.toHexString(settings.toString().hashCode()));
        return TestServers.kafkaConnect(name, shape.brokers(), shape.workers(), settings);
    }

    private static Map<String, String> workerSettings(WithKafkaConnect shape) {
        Map<String, String> settings = new TreeMap<>(convertersFrom(shape.convertersFrom()));
        for (String property : shape.workerProperties()) {
            int equals = property.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("@WithKafkaConnect(workerProperties) entries are key=value; got '"
                        + property + "'");
            }
            settings.put(property.substring(0, equals).trim(), property.substring(equals + 1).trim());
        }
        return settings;
    }

    private static Map<String, String> convertersFrom(String file) {
        if (file.isEmpty()) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("@WithKafkaConnect(convertersFrom) cannot read " + Path.of(file)
                    .toAbsolutePath(), e);
        }
        Map<String, String> converters = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.matches("(key|value|header)\\.converter(\\..+)?")) {
                converters.put(name, properties.getProperty(name));
            }
        }
        if (converters.isEmpty()) {
            throw new IllegalArgumentException("@WithKafkaConnect(convertersFrom): " + file + " sets no converter");
        }
        return converters;
    }

    private static WithKafkaConnect shape(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithKafkaConnect.class)
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass().getName()
                        + " uses KafkaConnectExtension without @WithKafkaConnect"));
    }

    private static String key(WithKafkaConnect shape) {
        return "cluster-" + shape.brokers() + "-" + shape.workers() + "-" + workerSettings(shape);
    }
}
