package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.PluginDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/**
 * The packaged plugin directory offers our connector and no other Tributary plugin. Debezium's jars come with
 * its own connector, transforms and converters, listed in their services files; they are pinned here so that a
 * Debezium upgrade that offers more is a decision, not a surprise. Debezium's CloudEventsConverter is left out of
 * the packaged services file and its classes out of the directory: its static initialiser fails in an isolated
 * plugin directory, and a worker that scans the plugin path would log that at every start.
 */
class PluginDirectoryIT {

    private static final Set<String> DEBEZIUM_TRANSFORMS = Set.of(
            "io.debezium.connector.postgresql.transforms.DecodeLogicalDecodingMessageContent",
            "io.debezium.connector.postgresql.transforms.timescaledb.TimescaleDb",
            "io.debezium.transforms.ByLogicalTableRouter",
            "io.debezium.transforms.EnforceRecordSize",
            "io.debezium.transforms.ExtractChangedRecordState",
            "io.debezium.transforms.ExtractNewRecordState",
            "io.debezium.transforms.ExtractSchemaToNewRecord",
            "io.debezium.transforms.GeometryFormatTransformer",
            "io.debezium.transforms.HeaderToValue",
            "io.debezium.transforms.SchemaChangeEventFilter",
            "io.debezium.transforms.SwapGeometryCoordinates",
            "io.debezium.transforms.TimezoneConverter",
            "io.debezium.transforms.VectorToJsonConverter",
            "io.debezium.transforms.openlineage.OpenLineage",
            "io.debezium.transforms.outbox.EventRouter",
            "io.debezium.transforms.partitions.PartitionRouting",
            "io.debezium.transforms.tracing.ActivateTracingSpan");

    @Test
    void offersOnlyTheCdcConnectorAndDebeziumsOwnPlugins() {
        PluginDirectory.verify(Path.of("target/plugin/connect-cdc"), Map.of(
                SourceConnector.class, Set.of(PostgresCdcSourceConnector.class.getName(),
                        "io.debezium.connector.postgresql.PostgresConnector"),
                Transformation.class, DEBEZIUM_TRANSFORMS,
                // not CloudEventsConverter: it cannot initialise in a plugin directory (src/assembly/services)
                Converter.class, Set.of("io.debezium.converters.BinaryDataConverter",
                        "io.debezium.converters.ByteArrayConverter"),
                HeaderConverter.class, Set.of("io.debezium.converters.BinaryDataConverter",
                        "io.debezium.converters.ByteArrayConverter")));
    }

    @Test
    void carriesNoCloudEventsConverterForScanningWorkersAndKafkasMovedSanitizer() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> jars = Files.list(Path.of("target/plugin/connect-cdc"))) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (String entry : List.of("io/debezium/converters/CloudEventsConverter.class",
                            "org/apache/kafka/common/utils/Sanitizer.class")) {
                        if (file.getEntry(entry) != null) {
                            found.put(entry, jar.getFileName().toString());
                        }
                    }
                }
            }
        }
        // the stand-in for the class Kafka 4.4 moved, which Debezium still calls (module kafka-compat)
        assertEquals(Set.of("org/apache/kafka/common/utils/Sanitizer.class"), found.keySet(), "found in " + found);
        assertTrue(found.values().iterator().next().startsWith("kafka-compat-"), "found in " + found);
    }
}
