package io.tributary.connect.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every PostgreSQL type the issue lists, one row in, each field out as JsonConverter writes it. */
@WithKafkaConnect
@WithPostgres
class TypeMappingIT {

    @Test
    void everyColumnTypeArrivesWithItsSchemaAndExactValue(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("types");
        String mood = table + "_mood";
        db.execute("CREATE TYPE " + mood + " AS ENUM ('sad', 'happy')",
                "CREATE TABLE " + table + " ("
                        + "id int PRIMARY KEY, c_int2 smallint, c_int8 bigint NOT NULL, c_numeric numeric(12,2),"
                        + " c_numeric_free numeric, c_float4 real, c_float8 double precision, c_bool boolean,"
                        + " c_text text, c_varchar varchar(20), c_char char(3), c_bytea bytea,"
                        + " c_date date, c_time time,"
                        + " c_timestamp timestamp, c_timestamptz timestamptz, c_uuid uuid, c_json json, c_jsonb jsonb,"
                        + " c_int_array int[], c_text_array text[], c_mood " + mood + ", c_interval interval)",
                "INSERT INTO " + table + " VALUES (1, -7, 9007199254740993, 1234567890.12, 3.14159, 1.5, 2.25, true,"
                        + " 'tëxt', 'var', 'ab', '\\x00ff10', '2024-02-29', '13:45:30.123', '2024-02-29 23:59:58.5',"
                        + " '2024-02-29T23:59:58.25+02:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": 1}',"
                        + " '{\"b\": [true]}', '{1,NULL,3}', '{x,y}', 'happy', '1 year 2 mons 3 days 04:05:06.5')",
                "INSERT INTO " + table + " (id, c_int8) VALUES (2, 0)");
        Map<String, String> config = Fixture.tableConfig(db, "incrementing", table, "t.");
        config.put("incrementing.column.name", "id");
        config.put("db.timezone", "Europe/Berlin");
        Fixture.run(cluster, table, config, 1);

        List<Fixture.Row> rows = Fixture.rows(cluster, "t." + table, 2);
        JsonNode value = rows.get(0).value();
        Map<String, JsonNode> schema = fieldSchemas(rows.get(0).valueSchema());

        assertEquals(-7, value.get("c_int2").asInt());
        assertEquals("int16", schema.get("c_int2").get("type").asText());
        assertEquals(9007199254740993L, value.get("c_int8").asLong());
        assertEquals(false, schema.get("c_int8").get("optional").asBoolean());
        assertEquals("org.apache.kafka.connect.data.Decimal", schema.get("c_numeric").get("name").asText());
        assertEquals("2", schema.get("c_numeric").get("parameters").get("scale").asText());
        assertEquals(new BigDecimal("1234567890.12"), decimal(value.get("c_numeric"), 2));
        assertEquals("3.14159", value.get("c_numeric_free").asText());
        assertEquals(1.5f, (float) value.get("c_float4").asDouble());
        assertEquals("float", schema.get("c_float4").get("type").asText());
        assertEquals(2.25, value.get("c_float8").asDouble());
        assertEquals(true, value.get("c_bool").asBoolean());
        assertEquals("tëxt", value.get("c_text").asText());
        assertEquals("var", value.get("c_varchar").asText());
        assertEquals("ab ", value.get("c_char").asText());
        assertEquals("AP8Q", value.get("c_bytea").asText());
        assertEquals(List.of(0, 255, 16), bytes(value.get("c_bytea")));
        assertEquals(19782, value.get("c_date").asInt()); // days since 1970-01-01
        assertEquals("org.apache.kafka.connect.data.Date", schema.get("c_date").get("name").asText());
        assertEquals(((13 * 60 + 45) * 60 + 30) * 1000 + 123, value.get("c_time").asInt());
        // 23:59:58.5 in Berlin (UTC+1 in February) is 22:59:58.5 UTC
        assertEquals(1709247598500L, value.get("c_timestamp").asLong());
        assertEquals("org.apache.kafka.connect.data.Timestamp", schema.get("c_timestamp").get("name").asText());
        assertEquals(1709243998250L, value.get("c_timestamptz").asLong());
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", value.get("c_uuid").asText());
        assertEquals("io.tributary.connect.jdbc.Uuid", schema.get("c_uuid").get("name").asText());
        assertEquals("{\"a\": 1}", value.get("c_json").asText());
        assertEquals("io.tributary.connect.jdbc.Json", schema.get("c_json").get("name").asText());
        assertEquals("{\"b\": [true]}", value.get("c_jsonb").asText());
        assertEquals("io.tributary.connect.jdbc.Json", schema.get("c_jsonb").get("name").asText());
        assertEquals("[1,null,3]", value.get("c_int_array").toString());
        assertEquals("int32", schema.get("c_int_array").get("items").get("type").asText());
        assertEquals("[\"x\",\"y\"]", value.get("c_text_array").toString());
        assertEquals("happy", value.get("c_mood").asText());
        assertEquals("P1Y2M3DT4H5M6.5S", value.get("c_interval").asText());
        assertEquals("io.tributary.connect.jdbc.Interval", schema.get("c_interval").get("name").asText());

        JsonNode nulls = rows.get(1).value();
        for (String field : List.of("c_int2", "c_numeric", "c_timestamptz", "c_uuid", "c_json", "c_int_array",
                "c_interval")) {
            assertTrue(nulls.get(field).isNull(), field + " of the second row is null");
            assertTrue(schema.get(field).get("optional").asBoolean(), field + " is nullable, so optional");
        }
    }

    @Test
    void bestFitNumericMappingPicksIntegersAndDoubles(KafkaConnectCluster cluster, PostgresDatabase db) {
        String table = Fixture.unique("best_fit");
        db.execute("CREATE TABLE " + table + " (id numeric(9,0) PRIMARY KEY, small numeric(4,0), price numeric(10,2),"
                        + " huge numeric(30,0))",
                "INSERT INTO " + table + " VALUES (5, 1234, 99.95, 123456789012345678901234567890)");
        Map<String, String> config = Fixture.tableConfig(db, "bulk", table, "t.");
        config.put("numeric.mapping", "best_fit");
        config.put("poll.interval.ms", "60000");
        Fixture.run(cluster, table, config, 1);

        Fixture.Row row = Fixture.rows(cluster, "t." + table, 1).get(0);
        Map<String, JsonNode> schema = fieldSchemas(row.valueSchema());

        assertEquals("int32", schema.get("id").get("type").asText());
        assertEquals("int16", schema.get("small").get("type").asText());
        assertEquals("double", schema.get("price").get("type").asText());
        assertEquals(99.95, row.value().get("price").asDouble());
        assertEquals(new BigDecimal("123456789012345678901234567890"), decimal(row.value().get("huge"), 0));
    }

    private static Map<String, JsonNode> fieldSchemas(JsonNode structSchema) {
        Map<String, JsonNode> fields = new HashMap<>();
        structSchema.get("fields").forEach(field -> fields.put(field.get("field").asText(), field));
        return fields;
    }

    /** JsonConverter writes a Decimal as the base64 of its unscaled two's-complement bytes. */
    private static BigDecimal decimal(JsonNode node, int scale) {
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(node.asText())), scale);
    }

    private static List<Integer> bytes(JsonNode node) {
        byte[] raw = Base64.getDecoder().decode(node.asText());
        return java.util.stream.IntStream.range(0, raw.length).map(i -> raw[i] & 0xff).boxed().toList();
    }
}
