package io.tributary.benchmarks.transforms;

import io.debezium.transforms.ExtractNewRecordState;
import io.tributary.benchmarks.JmhDefaults;
import io.tributary.connect.transforms.Unwrap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Unwrap beside Debezium's ExtractNewRecordState on the same update event of a 20-field row, both adding
 * {@code __op} and {@code __source_ts_ms}. Debezium's transform needs a schema, so only Structs are compared.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar UnwrapBenchmark -f 3 -prof gc}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
public class UnwrapBenchmark extends JmhDefaults {

    private SourceRecord event;
    private Unwrap<SourceRecord> unwrap;
    private ExtractNewRecordState<SourceRecord> extractNewRecordState;

    @Setup(Level.Trial)
    public void setUp() {
        SchemaBuilder rowBuilder = SchemaBuilder.struct().name("legacy.Customer.Value").optional();
        for (int i = 0; i < TransformsBenchmark.FIELDS; i++) {
            rowBuilder.field("CUST_FIELD_" + i, i % 2 == 0 ? Schema.STRING_SCHEMA : Schema.INT64_SCHEMA);
        }
        Schema row = rowBuilder.build();
        Struct after = new Struct(row);
        for (int i = 0; i < TransformsBenchmark.FIELDS; i++) {
            after.put("CUST_FIELD_" + i, i % 2 == 0 ? (Object) ("value-" + i) : (Object) (1_709_296_245_123L + i));
        }
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("ts_ms", Schema.INT64_SCHEMA).field("table", Schema.STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("legacy.Customer.Envelope")
            .field("before", row).field("after", row).field("source", source)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct value = new Struct(envelope).put("after", after)
            .put("source", new Struct(source).put("ts_ms", 1_709_296_245_000L).put("table", "customers"))
            .put("op", "u").put("ts_ms", 1_709_296_245_123L);
        event = new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, envelope, value);

        unwrap = new Unwrap<>();
        unwrap.configure(Map.of("add.fields", "op,source.ts_ms"));
        extractNewRecordState = new ExtractNewRecordState<>();
        extractNewRecordState.configure(Map.of("add.fields", "op,source.ts_ms"));
        // both must produce the same row (fields and values; their schemas differ in name and optionality),
        // or the comparison says nothing
        String ours = String.valueOf(unwrap.apply(event).value());
        String debezium = String.valueOf(extractNewRecordState.apply(event).value());
        if (!ours.equals(debezium)) {
            throw new IllegalStateException("Unwrap and ExtractNewRecordState disagree: " + ours + " vs " + debezium);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        unwrap.close();
        extractNewRecordState.close();
    }

    @Benchmark
    public SourceRecord unwrap_ours() {
        return unwrap.apply(event);
    }

    @Benchmark
    public SourceRecord unwrap_debeziumExtractNewRecordState() {
        return extractNewRecordState.apply(event);
    }
}
