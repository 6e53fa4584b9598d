package io.tributary.connect.elasticsearch;

import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;

@WithKafkaConnect
@WithElasticsearch(major = 8)
class ElasticsearchSink8IT extends ElasticsearchSinkContract {

    @Override
    int major() {
        return 8;
    }
}
