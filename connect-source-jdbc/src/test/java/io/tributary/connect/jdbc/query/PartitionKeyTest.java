package io.tributary.connect.jdbc.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * The worker keys stored offsets by the serialized partition ({@code [connector, partition]}, JSON), and reads
 * partitions back from the offset topic into maps it serializes again to look offsets up: a partition of two
 * entries must serialize the same way after that round trip, in any JVM.
 */
class PartitionKeyTest {

    @Test
    void twoEntryPartitionsSerializeTheSameAfterAReadBack() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "false"), true);
        for (Map<String, Object> partition : List.of(
                QueryTarget.partition("table", "public.orders", "load_range", "3"),
                QueryTarget.partition("table", "public.orders", "range", "1000..2000"),
                QueryTarget.partition("load_range", "0", "table", "s.t"))) {
            byte[] written = converter.fromConnectData("", null, List.of("connector", partition));
            Object readBack = converter.toConnectData("", written).value();
            assertArrayEquals(written, converter.fromConnectData("", null, readBack),
                    new String(written) + " came back as " + readBack);
        }
    }
}
