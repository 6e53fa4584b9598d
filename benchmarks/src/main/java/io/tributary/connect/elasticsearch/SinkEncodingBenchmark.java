package io.tributary.connect.elasticsearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.benchmarks.JmhDefaults;
import io.tributary.benchmarks.elasticsearch.BenchDocuments;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The sink task's own per-record work on the documents of the end-to-end benchmark (about 1 KB, 14
 * fields), as JsonConverter hands them over without schemas: the bulk operation a record becomes
 * ({@code toWrite}: id, JSON bytes, operation) and the JSON encoding alone, beside Jackson's
 * ObjectMapper writing the same map and the converter's own parse (work the worker does before put()),
 * and a JSON text value as StringConverter hands it over, checked and re-written on one line.
 * It lives in the sink's package to reach its package-private classes.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar SinkEncodingBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
public class SinkEncodingBenchmark extends JmhDefaults {

    private static final int DOCUMENTS = 64;

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[][] bytes;
    private String[] texts;
    private SinkRecord[] records;
    private JsonConverter converter;
    private DocumentEncoder encoder;
    private BulkOperationFactory operations;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), false);
        bytes = new byte[DOCUMENTS][];
        texts = new String[DOCUMENTS];
        records = new SinkRecord[DOCUMENTS];
        for (int i = 0; i < DOCUMENTS; i++) {
            bytes[i] = BenchDocuments.json(i);
            texts[i] = new String(bytes[i], StandardCharsets.UTF_8);
            SchemaAndValue value = converter.toConnectData("bench", bytes[i]);
            records[i] = new SinkRecord("bench", i % 4, null, BenchDocuments.key(i), value.schema(), value.value(), i);
        }
        Map<String, String> props = new HashMap<>();
        props.put(ElasticsearchSinkConfig.CONNECTION_URL, "http://localhost:9200");
        props.put("index.name.format", "bench");
        encoder = new DocumentEncoder();
        operations = new BulkOperationFactory(new ElasticsearchSinkConfig(props), encoder);
    }

    private SinkRecord nextRecord() {
        next = (next + 1) % DOCUMENTS;
        return records[next];
    }

    @Benchmark
    public Object toWrite() {
        return operations.toWrite(nextRecord());
    }

    @Benchmark
    public byte[] encode() {
        SinkRecord record = nextRecord();
        return encoder.encode(record.valueSchema(), record.value(), false, null);
    }

    @Benchmark
    public byte[] objectMapper() throws Exception {
        return mapper.writeValueAsBytes(nextRecord().value());
    }

    @Benchmark
    public Object jsonConverter() {
        next = (next + 1) % DOCUMENTS;
        return converter.toConnectData("bench", bytes[next]);
    }

    /** A JSON text value (StringConverter): checked to be one object and re-written on one line. */
    @Benchmark
    public byte[] encodeJsonText() {
        next = (next + 1) % DOCUMENTS;
        return encoder.encode(null, texts[next], false, null);
    }
}
