package io.tributary.connect.cdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigValidation;
import io.tributary.connect.testkit.KafkaConnectCluster;
import io.tributary.connect.testkit.PostgresDatabase;
import io.tributary.connect.testkit.PostgresServer;
import io.tributary.connect.testkit.TestServers;
import io.tributary.connect.testkit.WithKafkaConnect;
import io.tributary.connect.testkit.WithPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Each preflight failure produced for real, as the worker's validate endpoint reports it. */
@WithKafkaConnect
@WithPostgres
class PreflightIT {

    @Test
    void acceptsAReadyDatabase(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_ready (id int PRIMARY KEY)", "CREATE TABLE pf_full (a int)",
                "ALTER TABLE pf_full REPLICA IDENTITY FULL");

        ConfigValidation validation = validate(cluster,
                CdcConfigs.connector(db, "pf-ready", "pfready", "public.pf_ready,public.pf_full"));

        assertEquals(Map.of(), validation.errors());
    }

    @Test
    void requiringCompleteRowsRefusesOnlyTablesWhoseValuesCanBeToastedWithoutFullIdentity(
            KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_narrow (id int PRIMARY KEY, amount numeric(12,2), code varchar(40), "
                        + "region char(84), at timestamptz)",
                "CREATE TABLE pf_doc (id int PRIMARY KEY, body text)",
                "CREATE TABLE pf_wide (id int PRIMARY KEY, a varchar(300), b varchar(300))");
        Map<String, String> config = CdcConfigs.connector(db, "pf-toast", "pftoast",
                "public.pf_narrow,public.pf_doc,public.pf_wide");
        config.put("unchanged.toast.handling", "fail");

        Map<String, List<String>> errors = validate(cluster, config).errors();

        assertEquals(List.of("unchanged.toast.handling"), List.copyOf(errors.keySet()), errors.toString());
        List<String> messages = errors.get("unchanged.toast.handling");
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("ALTER TABLE public.pf_doc REPLICA IDENTITY FULL"), messages.toString());
        assertTrue(messages.get(1).contains("ALTER TABLE public.pf_wide REPLICA IDENTITY FULL"), messages.toString());

        db.execute("ALTER TABLE pf_doc REPLICA IDENTITY FULL", "ALTER TABLE pf_wide REPLICA IDENTITY FULL");
        assertEquals(Map.of(), validate(cluster, config).errors());
    }

    @Test
    void rejectsAServerWhoseWalLevelIsNotLogical(KafkaConnectCluster cluster) {
        try (PostgresServer replica = TestServers.postgres(Map.of("wal_level", "replica"))) {
            PostgresDatabase db = replica.createDatabase("pf_wal");
            db.execute("CREATE TABLE pf_wal (id int PRIMARY KEY)");

            ConfigValidation validation = validate(cluster,
                    CdcConfigs.connector(db, "pf-wal", "pfwal", "public.pf_wal"));

            assertEquals(Map.of("database.hostname", List.of("wal_level is 'replica' on localhost:" + replica.port()
                    + ", but change capture needs 'logical': run ALTER SYSTEM SET wal_level = logical (or set it in "
                    + "postgresql.conf) and restart PostgreSQL")), validation.errors());
        }
    }

    @Test
    void rejectsAUserWithoutReplication(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_norepl (id int PRIMARY KEY)");
        db.createRole("pf_norepl_user", "norepl-secret", "NOREPLICATION");
        db.execute("GRANT SELECT ON pf_norepl TO pf_norepl_user", "ALTER TABLE pf_norepl OWNER TO pf_norepl_user",
                // what creating the publication needs, and with it the heartbeat table's schema
                "GRANT CREATE ON DATABASE " + db.name() + " TO pf_norepl_user");
        Map<String, String> config = CdcConfigs.connector(db, "pf-norepl", "pfnorepl", "public.pf_norepl");
        config.put("database.user", "pf_norepl_user");
        config.put("database.password", "norepl-secret");

        ConfigValidation validation = validate(cluster, config);

        assertEquals(Map.of("database.user", List.of("user 'pf_norepl_user' may not stream changes: it lacks the "
                + "REPLICATION attribute. Run ALTER ROLE pf_norepl_user REPLICATION as a superuser (on Amazon RDS: "
                + "GRANT rds_replication TO pf_norepl_user)")), validation.errors());
    }

    @Test
    void rejectsAUserWhoMayNeitherCreateNorWriteTheHeartbeatTable(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_beat (id int PRIMARY KEY)");
        db.createRole("pf_beat_user", "beat-secret", "REPLICATION");
        db.execute("ALTER TABLE pf_beat OWNER TO pf_beat_user");
        Map<String, String> config = CdcConfigs.connector(db, "pf-beat", "pfbeat", "public.pf_beat");
        config.put("database.user", "pf_beat_user");
        config.put("database.password", "beat-secret");
        config.put("heartbeat.table", "pf_beats.heartbeat");
        config.put("signal.table", "");

        assertEquals(Map.of("heartbeat.table", List.of("heartbeat table pf_beats.heartbeat does not exist and user "
                + "'pf_beat_user' may not create it (that needs CREATE on schema pf_beats, or on the database if the "
                + "schema does not exist either): have a DBA run CREATE SCHEMA IF NOT EXISTS pf_beats; CREATE TABLE IF "
                + "NOT EXISTS pf_beats.heartbeat (slot_name text PRIMARY KEY, beat_at timestamptz NOT NULL); GRANT "
                + "USAGE ON SCHEMA pf_beats TO pf_beat_user; GRANT SELECT, INSERT, UPDATE ON pf_beats.heartbeat TO "
                + "pf_beat_user (and add it to the publication, if that exists), or set heartbeat.table to empty to "
                + "turn heartbeat writes off")), validate(cluster, config).errors());

        db.execute("CREATE SCHEMA pf_beats", "CREATE TABLE pf_beats.heartbeat (slot_name text PRIMARY KEY, "
                + "beat_at timestamptz NOT NULL)", "GRANT USAGE ON SCHEMA pf_beats TO pf_beat_user");
        assertEquals(Map.of("heartbeat.table", List.of("user 'pf_beat_user' may not write the heartbeat table "
                        + "pf_beats.heartbeat: GRANT USAGE ON SCHEMA pf_beats TO pf_beat_user; GRANT SELECT, INSERT, "
                        + "UPDATE ON pf_beats.heartbeat TO pf_beat_user"),
                "publication.name", List.of("publication '" + SlotNames.derive("pf-beat") + "' does not exist and "
                        + "user 'pf_beat_user' cannot create it because it does not own pf_beats.heartbeat: have the "
                        + "owner run CREATE PUBLICATION " + SlotNames.derive("pf-beat") + " FOR TABLE public.pf_beat, "
                        + "pf_beats.heartbeat")),
                validate(cluster, config).errors());

        db.execute("ALTER TABLE pf_beats.heartbeat OWNER TO pf_beat_user");
        assertEquals(Map.of(), validate(cluster, config).errors());

        // the signal table is checked the same way
        config.put("signal.table", "pf_beats.signals");
        List<String> signalProblems = validate(cluster, config).errors().get("signal.table");
        assertEquals(1, signalProblems.size(), String.valueOf(signalProblems));
        assertTrue(signalProblems.get(0).startsWith("signal table pf_beats.signals does not exist and user "
                + "'pf_beat_user' may not create it"), signalProblems.get(0));
        assertTrue(signalProblems.get(0).contains("CREATE TABLE IF NOT EXISTS pf_beats.signals (id varchar(64) PRIMARY "
                + "KEY, type varchar(32) NOT NULL, data varchar(2048))"), signalProblems.get(0));
        db.execute("CREATE TABLE pf_beats.signals (id varchar(64) PRIMARY KEY, type varchar(32) NOT NULL, "
                + "data varchar(2048))", "ALTER TABLE pf_beats.signals OWNER TO pf_beat_user");
        assertEquals(Map.of(), validate(cluster, config).errors());
    }

    @Test
    void rejectsAWrongPasswordWithoutEchoingIt(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_pw (id int PRIMARY KEY)");
        db.createRole("pf_pw_user", "the-right-secret", "REPLICATION");
        Map<String, String> config = CdcConfigs.connector(db, "pf-pw", "pfpw", "public.pf_pw");
        config.put("database.user", "pf_pw_user");
        config.put("database.password", "Wr0ng-Secret-42");

        ConfigValidation validation = validate(cluster, config);

        assertEquals(Map.of("database.password", List.of("PostgreSQL at localhost:" + db.port() + " rejected the "
                + "login of user 'pf_pw_user' (password authentication failed): check database.user and "
                + "database.password")), validation.errors());
        String everything = cluster.connect().send("PUT",
                "connector-plugins/" + PostgresCdcSourceConnector.class.getName() + "/config/validate",
                json(config)).toString();
        assertFalse(everything.contains("Wr0ng-Secret-42"), "the validate answer must not contain the password");
    }

    @Test
    void rejectsAnUnreachableDatabase(KafkaConnectCluster cluster, PostgresDatabase db) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> config = CdcConfigs.connector(db, "pf-down", "pfdown", "public.anything");
        config.put("database.port", Integer.toString(closedPort));

        List<String> errors = validate(cluster, config).errorsFor("database.hostname");

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("cannot reach PostgreSQL at localhost:" + closedPort + " ("),
                errors.get(0));
        assertTrue(errors.get(0).endsWith("): check the host and port, that the server runs and that listen_addresses "
                + "and firewalls let this worker in"), errors.get(0));
    }

    @Test
    void rejectsAListedTableThatDoesNotExist(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_exists (id int PRIMARY KEY)");

        ConfigValidation validation = validate(cluster, CdcConfigs.connector(db, "pf-missing", "pfmissing",
                "public.pf_exists,public.pf_missing"));

        assertEquals(Map.of("table.include.list", List.of("no table in database '" + db.name() + "' matches "
                + "'public.pf_missing': name existing tables as schema.table (for example public.orders)")),
                validation.errors());
    }

    @Test
    void rejectsATableWithoutPrimaryKeyOrReplicaIdentityFull(KafkaConnectCluster cluster, PostgresDatabase db) {
        db.execute("CREATE TABLE pf_nokey (a int, b text)");

        ConfigValidation validation = validate(cluster,
                CdcConfigs.connector(db, "pf-nokey", "pfnokey", "public.pf_nokey"));

        assertEquals(Map.of("table.include.list", List.of("table public.pf_nokey has no primary key, so its updates "
                + "and deletes cannot be captured: add a primary key or run ALTER TABLE public.pf_nokey REPLICA "
                + "IDENTITY FULL")), validation.errors());
    }

    @Test
    void rejectsWhenNoReplicationSlotIsFreeAndThenWhenNoWalSenderIsFree(KafkaConnectCluster cluster) throws Exception {
        try (PostgresServer cramped = TestServers.postgres(
                Map.of("max_replication_slots", "1", "max_wal_senders", "1"))) {
            PostgresDatabase db = cramped.createDatabase("pf_cramped");
            db.execute("CREATE TABLE pf_cramped (id int PRIMARY KEY)");
            Map<String, String> config = CdcConfigs.connector(db, "pf-cramped", "pfcramped", "public.pf_cramped");

            db.execute("SELECT pg_create_logical_replication_slot('someone_elses', 'pgoutput')");
            assertEquals(Map.of("slot.name", List.of("no replication slot is free for '"
                    + SlotNames.derive("pf-cramped")
                    + "': 1 of max_replication_slots=1 are taken. Drop a slot nobody reads "
                    + "(see SELECT slot_name, active "
                    + "FROM pg_replication_slots; then SELECT pg_drop_replication_slot('name')) or raise "
                    + "max_replication_slots and restart PostgreSQL")), validate(cluster, config).errors());

            db.execute("SELECT pg_drop_replication_slot('someone_elses')");
            try (Connection walSender = replicationConnection(cramped, db)) {
                assertEquals(Map.of("database.hostname", List.of("no WAL sender is free on localhost:" + cramped.port()
                        + ": 1 of max_wal_senders=1 are streaming. Stop a replication client that is no longer needed "
                        + "or raise max_wal_senders and restart PostgreSQL")), validate(cluster, config).errors());
            }
        }
    }

    private static Connection replicationConnection(PostgresServer server, PostgresDatabase db) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.SUPERUSER);
        props.setProperty("password", PostgresServer.SUPERUSER_PASSWORD);
        props.setProperty("replication", "database");
        props.setProperty("assumeMinServerVersion", "10");
        props.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection(server.jdbcUrl(db.name()), props);
    }

    private static ConfigValidation validate(KafkaConnectCluster cluster, Map<String, String> config) {
        return cluster.connect().validate(config);
    }

    private static String json(Map<String, String> config) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
