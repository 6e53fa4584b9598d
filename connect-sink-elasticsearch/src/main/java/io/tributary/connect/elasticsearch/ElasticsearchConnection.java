package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official client, wired from the config: nodes, basic or API-key authentication, TLS trust,
 * timeouts and compression. Its I/O threads carry a name prefix, so they can be told apart in a thread
 * dump (and by the benchmark's CPU accounting).
 */
final class ElasticsearchConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchConnection.class);

    private final SinkTransport transport;
    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient asyncClient;

    private ElasticsearchConnection(SinkTransport transport) {
        this.transport = transport;
        this.client = new ElasticsearchClient(transport);
        this.asyncClient = new ElasticsearchAsyncClient(transport);
    }

    /**
     * @param threadPrefix name prefix of the client's I/O threads
     * @param connections  the most connections per node (in-flight bulks plus a few for other requests)
     */
    static ElasticsearchConnection open(ElasticsearchSinkConfig config, String threadPrefix, int connections) {
        List<URI> urls = config.urls();
        HttpHost[] hosts = urls.stream()
                .map(url -> new HttpHost(url.getHost(), port(url), url.getScheme()))
                .toArray(HttpHost[]::new);
        RestClientBuilder builder = RestClient.builder(hosts)
                .setCompressionEnabled(config.compression())
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(config.connectionTimeoutMs())
                        .setSocketTimeout(config.readTimeoutMs())
                        .setConnectionRequestTimeout(config.connectionTimeoutMs()));
        if (config.apiKey() != null && config.apiKey().value() != null && !config.apiKey().value().isBlank()) {
            builder.setDefaultHeaders(
                    new Header[] {new BasicHeader("Authorization", "ApiKey " + config.apiKey().value())});
        }
        SSLContext ssl = TrustMaterial.sslContext(config);
        AtomicInteger threads = new AtomicInteger();
        builder.setHttpClientConfigCallback(http -> {
            if (config.username() != null && !config.username().isBlank()) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY,
                        new UsernamePasswordCredentials(config.username(), config.password().value()));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (ssl != null) {
                http.setSSLContext(ssl);
            }
            http.setMaxConnPerRoute(connections);
            http.setMaxConnTotal(connections * hosts.length);
            http.setThreadFactory(runnable -> {
                Thread thread = new Thread(runnable, threadPrefix + "-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            return http;
        });
        RestClient restClient = builder.build();
        return new ElasticsearchConnection(new SinkTransport(restClient, new JacksonJsonpMapper()));
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    ElasticsearchClient client() {
        return client;
    }

    ElasticsearchAsyncClient asyncClient() {
        return asyncClient;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            LOG.warn("Closing the Elasticsearch client failed: {}", e.toString());
        }
    }
}
