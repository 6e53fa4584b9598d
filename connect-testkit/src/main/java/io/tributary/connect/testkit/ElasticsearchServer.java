package io.tributary.connect.testkit;

import java.net.URI;

/** A running single-node Elasticsearch, security off, on loopback. */
public interface ElasticsearchServer extends AutoCloseable {

    /** e.g. {@code http://127.0.0.1:39200}, for {@code connection.url}. */
    URI httpUrl();

    /** The version the server reports, e.g. {@code 8.19.21}. */
    String version();

    /** Helpers to refresh, count, get and search indices of this server. */
    ElasticsearchIndices indices();

    /**
     * Stops the server, keeping its data and address, to test what clients do during an outage
     * ({@link #start()} brings it back). Local backend only; containers abort the test.
     */
    void stop();

    /** Starts a {@link #stop() stopped} server again on the same address and data; returns once it is yellow. */
    void start();

    @Override
    void close();
}
