package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@WithPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresServerIT {

    @Test
    void runsWithLogicalWalLevel(PostgresDatabase db) {
        assertEquals("logical", db.queryValue("SHOW wal_level"));
    }

    @Test
    @Order(1) // before the other tests of this class create tables in the same database
    void handsTheTestClassAFreshEmptyDatabase(PostgresDatabase db) {
        assertEquals(db.name(), db.queryValue("SELECT current_database()"));
        assertEquals(0L, db.queryValue("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    @Test
    void logicalReplicationSlotSeesAnInsert(PostgresDatabase db) {
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)",
                "CREATE PUBLICATION testkit_pub FOR TABLE customers");
        db.queryValue("SELECT lsn::text FROM pg_create_logical_replication_slot('testkit_slot', 'pgoutput')");
        try {
            db.update("INSERT INTO customers VALUES (?, ?)", 42, "Ada Lovelace");

            // with synchronous_commit=off the change is decodable only once its WAL is flushed: poll
            String peek = "SELECT data FROM pg_logical_slot_peek_binary_changes("
                    + "'testkit_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'testkit_pub')";
            Poll.until(Duration.ofSeconds(10), "the INSERT to reach the slot",
                    () -> !inserts(db.query(peek)).isEmpty());
            List<String> inserts = inserts(db.query(peek));
            assertEquals(1, inserts.size(), () -> "inserts: " + inserts);
            assertTrue(inserts.get(0).contains("Ada Lovelace"), inserts.get(0));
            assertTrue(inserts.get(0).contains("42"), inserts.get(0));
        } finally {
            db.execute("SELECT pg_drop_replication_slot('testkit_slot')");
        }
    }

    @Test
    void rolesOtherThanTheSuperuserMustGiveTheirPassword(PostgresDatabase db) throws SQLException {
        db.createRole("app_reader", "s3cret", "NOSUPERUSER");

        try (Connection ok = DriverManager.getConnection(db.jdbcUrl(), credentials("app_reader", "s3cret"))) {
            assertEquals("app_reader", queryCurrentUser(ok));
        }
        SQLException wrong = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(db.jdbcUrl(), credentials("app_reader", "wrong")).close());
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage()); // invalid_password
    }

    /**
     * pgoutput messages are Begin, Relation, Insert, Commit...; an Insert starts with 'I' and carries the row as
     * text.
     */
    private static List<String> inserts(List<Map<String, Object>> changes) {
        return changes.stream()
                .map(row -> new String((byte[]) row.get("data"), StandardCharsets.ISO_8859_1))
                .filter(message -> message.startsWith("I"))
                .toList();
    }

    @Test
    void serverWithOtherSettingsStartsBesideTheSharedOne() throws SQLException {
        try (PostgresServer replicaOnly = TestServers.postgres(Map.of("wal_level", "replica"));
             Connection connection = replicaOnly.connect("postgres");
             var result = connection.createStatement().executeQuery("SHOW wal_level")) {
            result.next();
            assertEquals("replica", result.getString(1));
        }
    }

    private static String queryCurrentUser(Connection connection) throws SQLException {
        try (var result = connection.createStatement().executeQuery("SELECT current_user")) {
            result.next();
            return result.getString(1);
        }
    }

    private static Properties credentials(String user, String password) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return props;
    }
}
