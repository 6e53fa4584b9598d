package io.tributary.benchmarks.transforms;

import io.tributary.benchmarks.JmhDefaults;
import io.tributary.connect.transforms.ConvertTimestamps;
import io.tributary.connect.transforms.DeriveKey;
import io.tributary.connect.transforms.Mask;
import io.tributary.connect.transforms.RenameFields;
import io.tributary.connect.transforms.Unwrap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.ValueToKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Tributary's transforms beside the Kafka built-ins they replace, on the same input in the same run: a
 * 20-field record (even fields strings, odd fields INT64), as a Struct with a schema or as the equivalent
 * schemaless Map ({@code shape}). Each pair does the same work:
 * <ul>
 * <li>{@code mask_*}: three string fields; ours redacts to "" as {@code MaskField} does
 * <li>{@code rename_*}: all 20 fields renamed by explicit pairs
 * <li>{@code convertTimestamp_*}: one INT64 epoch-millis field to a Connect Timestamp
 * <li>{@code deriveKey_*}: one value field becomes the key ({@code ValueToKey} then {@code ExtractField$Key})
 * </ul>
 * {@code unwrap_ours} has no reference here: Debezium's {@code ExtractNewRecordState} is not a dependency
 * of this module. Run: {@code java -jar benchmarks/target/benchmarks.jar transforms -prof gc}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class TransformsBenchmark extends JmhDefaults {

    static final int FIELDS = 20;
    static final String TIME_FIELD = "CUST_FIELD_1";
    static final String KEY_FIELD = "CUST_FIELD_3";
    static final String MASKED = "CUST_FIELD_0,CUST_FIELD_2,CUST_FIELD_4";

    @Param({"struct", "map"})
    public String shape;

    private SourceRecord record;
    private SourceRecord changeEvent;

    private Mask.Value<SourceRecord> mask;
    private MaskField.Value<SourceRecord> maskField;
    private RenameFields.Value<SourceRecord> rename;
    private ReplaceField.Value<SourceRecord> replaceField;
    private ConvertTimestamps.Value<SourceRecord> convertTimestamps;
    private TimestampConverter.Value<SourceRecord> timestampConverter;
    private DeriveKey<SourceRecord> deriveKey;
    private ValueToKey<SourceRecord> valueToKey;
    private ExtractField.Key<SourceRecord> extractField;
    private Unwrap<SourceRecord> unwrap;

    @Setup(Level.Trial)
    public void setUp() {
        boolean struct = shape.equals("struct");
        SchemaBuilder builder = SchemaBuilder.struct().name("legacy.Customer").optional();
        for (int i = 0; i < FIELDS; i++) {
            builder.field(name(i), i % 2 == 0 ? Schema.STRING_SCHEMA : Schema.INT64_SCHEMA);
        }
        Schema schema = builder.build();
        Struct value = new Struct(schema);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS; i++) {
            Object field = i % 2 == 0 ? (Object) ("value-" + i) : (Object) (1_709_296_245_123L + i);
            value.put(name(i), field);
            map.put(name(i), field);
        }
        record = struct ? new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, schema, value)
            : new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, null, map);
        changeEvent = struct ? structEvent(schema, value) : mapEvent(map);

        mask = configure(new Mask.Value<>(), Map.of("fields", MASKED.replace(",", ":redact,") + ":redact"));
        maskField = configure(new MaskField.Value<>(), Map.of("fields", MASKED));

        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < FIELDS; i++) {
            pairs.append(i == 0 ? "" : ",").append(name(i)).append(":custField").append(i);
        }
        rename = configure(new RenameFields.Value<>(), Map.of("renames", pairs.toString()));
        replaceField = configure(new ReplaceField.Value<>(), Map.of("renames", pairs.toString()));

        convertTimestamps = configure(new ConvertTimestamps.Value<>(),
            Map.of("fields", TIME_FIELD, "from", "epoch_millis", "to", "timestamp"));
        Map<String, String> converter = new HashMap<>();
        converter.put("field", TIME_FIELD);
        converter.put("target.type", "Timestamp");
        converter.put("unix.precision", "milliseconds");
        timestampConverter = configure(new TimestampConverter.Value<>(), converter);

        deriveKey = configure(new DeriveKey<>(), Map.of("fields", KEY_FIELD));
        valueToKey = configure(new ValueToKey<>(), Map.of("fields", KEY_FIELD));
        extractField = configure(new ExtractField.Key<>(), Map.of("field", KEY_FIELD));

        unwrap = configure(new Unwrap<>(), Map.of("add.fields", "op,source.ts_ms"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mask.close();
        maskField.close();
        rename.close();
        replaceField.close();
        convertTimestamps.close();
        timestampConverter.close();
        deriveKey.close();
        valueToKey.close();
        extractField.close();
        unwrap.close();
    }

    @Benchmark
    public SourceRecord mask_ours() {
        return mask.apply(record);
    }

    @Benchmark
    public SourceRecord mask_kafkaMaskField() {
        return maskField.apply(record);
    }

    @Benchmark
    public SourceRecord rename_ours() {
        return rename.apply(record);
    }

    @Benchmark
    public SourceRecord rename_kafkaReplaceField() {
        return replaceField.apply(record);
    }

    @Benchmark
    public SourceRecord convertTimestamp_ours() {
        return convertTimestamps.apply(record);
    }

    @Benchmark
    public SourceRecord convertTimestamp_kafkaTimestampConverter() {
        return timestampConverter.apply(record);
    }

    @Benchmark
    public SourceRecord deriveKey_ours() {
        return deriveKey.apply(record);
    }

    @Benchmark
    public SourceRecord deriveKey_kafkaValueToKeyExtractField() {
        return extractField.apply(valueToKey.apply(record));
    }

    @Benchmark
    public SourceRecord unwrap_ours() {
        return unwrap.apply(changeEvent);
    }

    private static SourceRecord structEvent(Schema row, Struct after) {
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("table", Schema.STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("legacy.Customer.Envelope")
            .field("before", row).field("after", row).field("source", source)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct event = new Struct(envelope).put("after", after)
            .put("source", new Struct(source).put("ts_ms", 1_709_296_245_000L).put("table", "customers"))
            .put("op", "u").put("ts_ms", 1_709_296_245_123L);
        return new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, envelope, event);
    }

    private static SourceRecord mapEvent(Map<String, Object> after) {
        Map<String, Object> event = new HashMap<>();
        event.put("before", null);
        event.put("after", after);
        event.put("source", Map.of("ts_ms", 1_709_296_245_000L, "table", "customers"));
        event.put("op", "u");
        event.put("ts_ms", 1_709_296_245_123L);
        return new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, null, event);
    }

    private static <T extends org.apache.kafka.common.Configurable> T configure(T transform, Map<String, ?> props) {
        transform.configure(props);
        return transform;
    }

    private static String name(int i) {
        return "CUST_FIELD_" + i;
    }
}
