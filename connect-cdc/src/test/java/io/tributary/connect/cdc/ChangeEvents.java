package io.tributary.connect.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Records of a change topic as JSON (JsonConverter with schemas): the payload of key and value. */
record ChangeEvents(List<JsonNode> keys, List<JsonNode> values) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ChangeEvents of(List<ConsumerRecord<byte[], byte[]>> records) {
        List<JsonNode> keys = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            keys.add(payload(record.key()));
            values.add(payload(record.value()));
        }
        return new ChangeEvents(keys, values);
    }

    /** The payload of a JsonConverter record with schema; a JSON null for a tombstone. */
    static JsonNode payload(byte[] bytes) {
        if (bytes == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8)).path("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return values.size();
    }

    JsonNode value(int index) {
        return values.get(index);
    }

    JsonNode key(int index) {
        return keys.get(index);
    }

    /** The op codes in topic order; "tombstone" for a null value. */
    List<String> ops() {
        return values.stream().map(value -> value.isNull() ? "tombstone" : value.path("op").asText()).toList();
    }
}
