package io.tributary.connect.elasticsearch;

import io.tributary.connect.testkit.WithElasticsearch;
import io.tributary.connect.testkit.WithKafkaConnect;

/** The sink's contract on the oldest Elasticsearch 8.x minor the project claims (the parent pom pins it). */
@WithKafkaConnect
@WithElasticsearch(major = 8, oldest = true)
class ElasticsearchSink8OldestIT extends ElasticsearchSinkContract {

    @Override
    int major() {
        return 8;
    }
}
