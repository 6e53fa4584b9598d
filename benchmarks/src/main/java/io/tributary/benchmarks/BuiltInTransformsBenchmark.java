package io.tributary.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference side of the transform benchmarks: Kafka's built-in {@code ReplaceField} (renames) and
 * {@code MaskField} on the input the transforms issue names, a 20-field Struct. Tributary's transforms
 * join this class as they land, so ours and the built-ins are measured in one run.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar BuiltInTransforms -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BuiltInTransformsBenchmark {

    static final int FIELDS = 20;

    private SourceRecord record;
    private ReplaceField.Value<SourceRecord> replaceField;
    private MaskField.Value<SourceRecord> maskField;

    @Setup(Level.Trial)
    public void setUp() {
        SchemaBuilder builder = SchemaBuilder.struct().name("legacy.Customer");
        for (int i = 0; i < FIELDS; i++) {
            builder.field("CUST_FIELD_" + i, i % 2 == 0 ? Schema.STRING_SCHEMA : Schema.INT64_SCHEMA);
        }
        Schema schema = builder.build();
        Struct value = new Struct(schema);
        for (int i = 0; i < FIELDS; i++) {
            value.put("CUST_FIELD_" + i, i % 2 == 0 ? (Object) ("value-" + i) : (Object) (long) i);
        }
        record = new SourceRecord(Map.of(), Map.of(), "customers", 0, null, null, schema, value);

        replaceField = new ReplaceField.Value<>();
        Map<String, String> renames = new HashMap<>();
        StringBuilder pairs = new StringBuilder();
        for (int i = 0; i < FIELDS; i++) {
            pairs.append(i == 0 ? "" : ",").append("CUST_FIELD_").append(i).append(":custField").append(i);
        }
        renames.put("renames", pairs.toString());
        replaceField.configure(renames);

        maskField = new MaskField.Value<>();
        maskField.configure(Map.of("fields", "CUST_FIELD_0,CUST_FIELD_2,CUST_FIELD_4"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        replaceField.close();
        maskField.close();
    }

    @Benchmark
    public SourceRecord replaceFieldRenamesAllTwentyFields() {
        return replaceField.apply(record);
    }

    @Benchmark
    public SourceRecord maskFieldMasksThreeStrings() {
        return maskField.apply(record);
    }
}
