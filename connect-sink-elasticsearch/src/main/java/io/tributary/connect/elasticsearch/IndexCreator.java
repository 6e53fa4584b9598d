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
    /** Whether the server is still believed to have scaled_float; false after it refused the type once. */
    private boolean scaledFloat = true;

    private final String refreshInterval;

    /** {@code refreshInterval}: the created indices' refresh_interval, empty for the server's default. */
    IndexCreator(ElasticsearchClient client, String refreshInterval) {
        this.client = client;
        this.refreshInterval = refreshInterval;
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
        TypeMapping mapping = SchemaMapping.of(valueSchema, scaledFloat);
        if (mapping == null) {
            return; // nothing to derive from this record; a later record with a Struct schema may create it
        }
        if (!client.indices().exists(r -> r.index(index)).value()) {
            try {
                create(index, mapping, valueSchema);
            } catch (ElasticsearchException e) {
                if (!scaledFloat || !SchemaMapping.usesScaledFloat(valueSchema) || !lacksScaledFloat(e)) {
                    throw e;
                }
                scaledFloat = false;
                // not a warning: a double ranges and sorts decimals of up to 15 significant digits (all that get a
                // scaled_float) as exactly; scaled_float only stores them more compactly
                LOG.info("Elasticsearch has no scaled_float field type (its mapper-extras module is not installed): "
                        + "index {} and every later one map their scaled decimals as double", index);
                create(index, SchemaMapping.of(valueSchema, false), valueSchema);
            }
        }
        ensured.add(index);
    }

    private void create(String index, TypeMapping mapping, Schema valueSchema) throws IOException {
        try {
            client.indices().create(r -> {
                r.index(index).mappings(mapping);
                if (!refreshInterval.isEmpty()) {
                    r.settings(settings -> settings.refreshInterval(time -> time.time(refreshInterval)));
                }
                return r;
            });
            LOG.info("Created index {} with a mapping from the schema {}", index, valueSchema.name());
        } catch (ElasticsearchException e) {
            if (e.error() == null || !"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
            // another task created it between our check and our create: theirs stands
        }
    }

    /**
     * The refusal of a server without the scaled_float type: a mapper_parsing_exception naming it ("The mapper
     * type [scaled_float] declared on field [amount] does not exist", or "No handler for type [scaled_float]").
     */
    static boolean lacksScaledFloat(ElasticsearchException e) {
        if (e.error() == null || !"mapper_parsing_exception".equals(e.error().type())) {
            return false;
        }
        String cause = e.error().causedBy() == null ? null : e.error().causedBy().reason();
        return mentionsScaledFloat(e.error().reason()) || mentionsScaledFloat(cause);
    }

    private static boolean mentionsScaledFloat(String reason) {
        return reason != null && reason.contains("[scaled_float]");
    }
}
