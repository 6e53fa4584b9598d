package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.cat.nodes.NodesRecord;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.util.ApiTypeHelper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;

/**
 * Is the cluster reachable, do the credentials work, and is it a version this sink supports? Asked with
 * cluster health and the node list of the cat API, which every Elasticsearch serves (unlike {@code GET /}, which
 * some distributions lack).
 */
final class ClusterCheck {

    /** What the cluster said: its health and the distinct versions of its nodes. */
    record Cluster(String health, List<String> versions) {
    }

    /** Why the cluster cannot be used, on the config key a user should look at. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final boolean transientFault;

        Unusable(String key, String reason) {
            this(key, reason, false);
        }

        Unusable(String key, String reason, boolean transientFault) {
            super(reason);
            this.key = key;
            this.transientFault = transientFault;
        }

        String getKey() {
            return key;
        }

        /** No answer, or an answer that says "later" (429, 5xx): may clear without a config change. */
        boolean isTransient() {
            return transientFault;
        }
    }

    private ClusterCheck() {
    }

    static Cluster check(ElasticsearchClient client, ElasticsearchSinkConfig config) throws Unusable {
        // Older 8.x servers leave out fields this client marks required (8.0's cluster health does not decode);
        // the status and node versions, all this reads, every 8.x and 9.x gives
        try (ApiTypeHelper.DisabledChecksHandle lenient =
                     ApiTypeHelper.DANGEROUS_disableRequiredPropertiesCheck(true)) {
            HealthResponse health = client.cluster().health();
            TreeSet<String> versions = new TreeSet<>();
            // the cat API's rows have no required fields, so they decode from every server version (nodes info
            // from 8.0 does not, and newer servers' full node info has settings this client cannot decode)
            for (NodesRecord node : client.cat().nodes(r -> r.h("version")).valueBody()) {
                if (node.version() != null) {
                    versions.add(node.version());
                }
            }
            for (String version : versions) {
                int major = major(version);
                if (major < 8) {
                    throw new Unusable(ElasticsearchSinkConfig.CONNECTION_URL, "Elasticsearch " + version
                            + " is not supported; this connector writes to 8.x and 9.x");
                }
            }
            return new Cluster(health.status().jsonValue(), List.copyOf(versions));
        } catch (IOException | RuntimeException e) {
            throw unusable(e, config);
        }
    }

    /** For the connector's validate(): connects with the config and names the problem, if any. */
    static Optional<Unusable> problemWith(ElasticsearchSinkConfig config) {
        ElasticsearchConnection connection;
        try {
            connection = ElasticsearchConnection.open(config, "tributary-es-validate", 2);
        } catch (ConfigException e) {
            String key = config.truststoreLocation() != null ? ElasticsearchSinkConfig.TRUSTSTORE_LOCATION
                    : ElasticsearchSinkConfig.CA_CERTIFICATE_LOCATION;
            return Optional.of(new Unusable(key, e.getMessage()));
        }
        try (connection) {
            check(connection.client(), config);
            return Optional.empty();
        } catch (Unusable e) {
            return Optional.of(e);
        }
    }

    private static Unusable unusable(Exception e, ElasticsearchSinkConfig config) {
        int status = FailureClassifier.statusOf(e);
        boolean apiKey = config.apiKey() != null && config.apiKey().value() != null
                && !config.apiKey().value().isBlank();
        String credentialsKey = apiKey
                ? ElasticsearchSinkConfig.CONNECTION_API_KEY
                : ElasticsearchSinkConfig.CONNECTION_USERNAME;
        if (status == 401) {
            return new Unusable(credentialsKey, "Elasticsearch rejected the credentials (401 Unauthorized)");
        }
        if (status == 403) {
            return new Unusable(credentialsKey, "the credentials may not read cluster health and the node list (403 "
                    + "Forbidden); give the user the 'monitor' cluster privilege");
        }
        if (status > 0) {
            return new Unusable(ElasticsearchSinkConfig.CONNECTION_URL, "Elasticsearch at " + config.urls()
                    + " gave an unexpected answer to cluster health or the node list (" + status + "): "
                    + e.getMessage() + causes(e),
                    status == 429 || status >= 500);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Unusable(ElasticsearchSinkConfig.CONNECTION_URL, "cannot reach Elasticsearch at " + config.urls()
                + ": " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()),
                true);
    }

    /** The messages of the causes (an answer that did not decode says why only there), or nothing. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(text.length() == 0 ? " (" : "; ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.length() == 0 ? "" : text.append(')').toString();
    }

    static int major(String version) {
        try {
            int dot = version.indexOf('.');
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
