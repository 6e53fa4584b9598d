package io.tributary.connect.testkit;

import java.net.URI;

/** What every backend's Elasticsearch server knows once it is up: its address, its version, its indices. */
abstract class AddressedElasticsearchServer implements ElasticsearchServer {

    private final URI httpUrl;
    private final String version;
    private final ElasticsearchIndices indices;

    AddressedElasticsearchServer(URI httpUrl, String version) {
        this.httpUrl = httpUrl;
        this.version = version;
        this.indices = new ElasticsearchIndices(httpUrl);
    }

    @Override
    public final URI httpUrl() {
        return httpUrl;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final ElasticsearchIndices indices() {
        return indices;
    }
}
