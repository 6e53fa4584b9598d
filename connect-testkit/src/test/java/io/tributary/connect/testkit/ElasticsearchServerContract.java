package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every Elasticsearch the kit starts must do; one subclass per major version. */
abstract class ElasticsearchServerContract {

    abstract int major();

    @Test
    void reportsTheMajorVersionTheClassAskedFor(ElasticsearchServer server) {
        assertTrue(server.version().startsWith(major() + "."), server.version());
    }

    @Test
    void bulkIndexesAThousandDocumentsAndCountsThem(ElasticsearchServer server) throws Exception {
        String index = "bulk-" + major();
        try (BulkIngester<Void> ingester = BulkIngester.of(
                b -> b.client(server.indices().client()).maxOperations(250))) {
            for (int i = 0; i < 1000; i++) {
                Map<String, Object> doc = Map.of("n", i, "city", i % 2 == 0 ? "Oslo" : "Lima");
                String id = Integer.toString(i);
                ingester.add(BulkOperation.of(op -> op.index(ix -> ix.index(index).id(id).document(doc))));
            }
        }

        assertEquals(1000, server.indices().count(index));
        assertEquals(Map.of("n", 7, "city", "Lima"), server.indices().get(index, "7").orElseThrow());
        assertFalse(server.indices().get(index, "1000").isPresent());
        List<Map<String, Object>> oslo = server.indices().search(index, "city:Oslo", 1000);
        assertEquals(500, oslo.size());
        assertTrue(oslo.stream().allMatch(doc -> ((Integer) doc.get("n")) % 2 == 0));
    }
}
