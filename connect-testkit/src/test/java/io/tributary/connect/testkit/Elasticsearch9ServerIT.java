package io.tributary.connect.testkit;

@WithElasticsearch(major = 9)
class Elasticsearch9ServerIT extends ElasticsearchServerContract {

    @Override
    int major() {
        return 9;
    }
}
