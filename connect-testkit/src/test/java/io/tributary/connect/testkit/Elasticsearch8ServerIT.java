package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithElasticsearch(major = 8)
class Elasticsearch8ServerIT extends ElasticsearchServerContract {

    @Override
    int major() {
        return 8;
    }

    @Test
    void stopsForAnOutageAndComesBackWithItsData(ElasticsearchServer server) throws Exception {
        server.indices().client().index(r -> r.index("outage").id("1").document(Map.of("kept", true)));
        server.indices().refresh("outage");

        server.stop();
        assertThrows(UncheckedIOException.class, () -> server.indices().count("outage"));
        server.start();

        assertEquals(Map.of("kept", true), server.indices().get("outage", "1").orElseThrow());
    }
}
