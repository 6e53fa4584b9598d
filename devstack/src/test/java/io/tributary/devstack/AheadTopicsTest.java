package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class AheadTopicsTest {

    @Test
    void aSinksTopicIsCreatedAsTheSourceWhosePrefixNamesItWouldCreateIt() {
        Map<String, String> cdc = Map.of("connector.class", "io.tributary.connect.cdc.PostgresCdcSourceConnector",
                "topic.prefix", "cdc", "topic.creation.default.replication.factor", "3",
                "topic.creation.default.partitions", "3", "topic.creation.default.cleanup.policy", "compact");
        Map<String, String> jdbc = Map.of("topic.prefix", "etl.",
                "topic.creation.default.replication.factor", "-1");
        Map<String, String> readModel = Map.of("topics", "cdc.public.orders");
        Map<String, String> search = Map.of("topics", "etl.customers, elsewhere.topic");

        List<NewTopic> topics = AheadTopics.sinkInputs(List.of(cdc, jdbc, readModel, search));

        assertEquals(List.of("cdc.public.orders", "etl.customers"), topics.stream().map(NewTopic::name).toList(),
                "a topic no source names is left alone");
        assertEquals(3, topics.get(0).numPartitions());
        assertEquals(3, topics.get(0).replicationFactor());
        assertEquals(Map.of("cleanup.policy", "compact"), topics.get(0).configs());
        assertEquals(1, topics.get(1).numPartitions());
        assertEquals(Optional.empty(), Optional.ofNullable(topics.get(1).replicationFactor() == -1 ? null
                : topics.get(1).replicationFactor()), "-1: the brokers' default replication factor");
    }
}
