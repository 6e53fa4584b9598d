package io.tributary.connect.testkit;

@WithElasticsearch(major = 8)
class Elasticsearch8ServerIT extends ElasticsearchServerContract {

    @Override
    int major() {
        return 8;
    }
}
