package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mapping.from.schema: creates a missing index with the mapping of the first record's schema, before
 * anything is written to it. An existing index is left exactly as it is, and so is one another task
 * created first.
 */
final class IndexCreator {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCreator.class);

    private final ElasticsearchClient client;
    private final Set<String> ensured = new HashSet<>();

    IndexCreator(ElasticsearchClient client) {
        this.client = client;
    }

    /** Whether this index was already taken care of by this task. */
    boolean ensured(String index) {
        return ensured.contains(index);
    }

    /**
     * Makes sure the index exists; creates it with the schema's mapping when it does not. A value schema
     * that is not a Struct leaves the index to Elasticsearch's dynamic mapping.
     *
     * @throws IOException when Elasticsearch cannot be asked (the caller retries later)
     */
    void ensure(String index, Schema valueSchema) throws IOException {
        if (ensured.contains(index)) {
            return;
        }
        TypeMapping mapping = SchemaMapping.of(valueSchema);
        if (mapping == null) {
            return; // nothing to derive from this record; a later record with a Struct schema may create it
        }
        if (!client.indices().exists(r -> r.index(index)).value()) {
            try {
                client.indices().create(r -> r.index(index).mappings(mapping));
                LOG.info("Created index {} with a mapping from the schema {}", index, valueSchema.name());
            } catch (ElasticsearchException e) {
                if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
                // another task created it between our check and our create: theirs stands
            }
        }
        ensured.add(index);
    }
}
