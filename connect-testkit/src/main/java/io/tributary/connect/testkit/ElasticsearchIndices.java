package io.tributary.connect.testkit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * Test-side reads of an Elasticsearch server, through the official Java client: what a test needs to
 * check what a sink wrote. {@link #client()} gives the whole client for anything else.
 */
public final class ElasticsearchIndices implements AutoCloseable {

    private final RestClientTransport transport;
    private final ElasticsearchClient client;

    ElasticsearchIndices(URI httpUrl) {
        RestClient restClient = RestClient.builder(HttpHost.create(httpUrl.toString())).build();
        this.transport = new RestClientTransport(restClient, new JacksonJsonpMapper());
        this.client = new ElasticsearchClient(transport);
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** Makes every write so far visible to search and count. */
    public void refresh(String index) {
        call(() -> client.indices().refresh(r -> r.index(index)));
    }

    /**
     * A fault for sink tests: while on, Elasticsearch answers every write to {@code index} with 429
     * ({@code cluster_block_exception}, the read-only-allow-delete block it sets itself when a disk fills), which
     * a sink must retry; off lifts it. Creates the index (no replicas) when it does not exist yet.
     */
    public void refuseWrites(String index, boolean refuse) {
        if (!exists(index)) {
            call(() -> client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfReplicas("0").blocks(b -> b.readOnlyAllowDelete(refuse)))));
            return;
        }
        call(() -> client.indices().putSettings(p -> p.index(index)
                .settings(s -> s.blocks(b -> b.readOnlyAllowDelete(refuse)))));
    }

    public boolean exists(String index) {
        return call(() -> client.indices().exists(r -> r.index(index)).value());
    }

    /** Document count after a refresh. */
    public long count(String index) {
        refresh(index);
        return call(() -> client.count(r -> r.index(index)).count());
    }

    /** The source of one document, or empty when there is none with that id. */
    @SuppressWarnings("rawtypes")
    public Optional<Map<String, Object>> get(String index, String id) {
        GetResponse<Map> response = call(() -> client.get(r -> r.index(index).id(id), Map.class));
        return response.found() ? Optional.of(asMap(response.source())) : Optional.empty();
    }

    /**
     * Sources of the documents a Lucene query string matches (e.g. {@code "city:Oslo"}, or {@code "*"}),
     * after a refresh; at most {@code size}.
     */
    @SuppressWarnings("rawtypes")
    public List<Map<String, Object>> search(String index, String queryString, int size) {
        refresh(index);
        SearchResponse<Map> response = call(() -> client.search(r -> r.index(index).size(size)
                .query(q -> q.queryString(s -> s.query(queryString))), Map.class));
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Hit<Map> hit : response.hits().hits()) {
            sources.add(asMap(hit.source()));
        }
        return sources;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(@SuppressWarnings("rawtypes") Map source) {
        return (Map<String, Object>) source;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch request failed", e);
        }
    }
}
