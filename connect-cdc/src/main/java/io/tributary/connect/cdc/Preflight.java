package io.tributary.connect.cdc;

import io.tributary.connect.common.config.ConfigProblem;
import io.tributary.connect.common.jdbc.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks, before anything starts, what Debezium would otherwise report late and cryptically: whether the
 * server decodes logically, whether the user may replicate, whether a slot and a WAL sender are free, and
 * whether every listed table exists and can be captured. Each problem names the key to change and what to
 * do; no message contains the password.
 */
final class Preflight {

    private static final String USER = PostgresCdcSourceConfig.USER;
    private static final String PASSWORD = PostgresCdcSourceConfig.PASSWORD;
    private static final String DBNAME = PostgresCdcSourceConfig.DBNAME;
    private static final String TABLES = PostgresCdcSourceConfig.TABLE_INCLUDE_LIST;
    private static final String SLOT = PostgresCdcSourceConfig.SLOT_NAME;
    private static final String PUBLICATION = PostgresCdcSourceConfig.PUBLICATION_NAME;
    private static final String HEARTBEAT = PostgresCdcSourceConfig.HEARTBEAT_TABLE;
    private static final String SIGNAL = PostgresCdcSourceConfig.SIGNAL_TABLE;

    private final DatabaseTarget target;
    private final List<String> tablePatterns;
    private final String slotName;
    private final String publicationName;
    private final String plugin;
    private final HeartbeatTable heartbeat;
    private final SignalTable signal;
    private final String connectorName;

    /** {@code heartbeat} null when heartbeat writes are off, {@code signal} when signals are. */
    Preflight(DatabaseTarget target, List<String> tablePatterns, String slotName, String publicationName,
              String plugin, HeartbeatTable heartbeat, SignalTable signal, String connectorName) {
        this.signal = signal;
        this.target = target;
        this.tablePatterns = tablePatterns;
        this.slotName = slotName;
        this.publicationName = publicationName;
        this.plugin = plugin;
        this.heartbeat = heartbeat;
        this.connectorName = connectorName;
    }

    PreflightReport run() {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> toast = new ArrayList<>();
        List<WalRetention.Finding> findings = new ArrayList<>();
        try (Connection connection = PostgresConnections.open(target, "preflight")) {
            String walLevel = checkWalLevel(connection, problems);
            Role role = role(connection);
            checkReplicationPrivilege(connection, role, problems);
            boolean slotActive = checkSlot(connection, problems);
            if (!slotActive) {
                checkWalSenders(connection, problems);
            }
            checkWalRetention(connection, walLevel, problems, findings);
            checkTables(connection, role, problems, toast);
        } catch (SQLException e) {
            problems.add(connectionProblem(e));
        }
        return new PreflightReport(problems, toast, findings);
    }

    /** wal_level, max_slot_wal_keep_size and the slot's wal_status: reported, and a lost slot is a problem. */
    private void checkWalRetention(Connection connection, String walLevel, List<ConfigProblem> problems,
                                   List<WalRetention.Finding> findings) throws SQLException {
        Long keepSizeMb = null;
        if (connection.getMetaData().getDatabaseMajorVersion() >= 13) {
            keepSizeMb = Long.parseLong(single(connection,
                    "SELECT setting FROM pg_settings WHERE name = 'max_slot_wal_keep_size'"));
        }
        WalRetention.SlotState slot = ReplicationSlot.state(connection, slotName).orElse(null);
        for (WalRetention.Finding finding : WalRetention.assess(connectorName, slotName, walLevel, keepSizeMb, slot)) {
            if (finding.severity() == WalRetention.Severity.ERROR) {
                problems.add(ConfigProblem.of(SLOT, finding.message()));
            } else {
                findings.add(finding);
            }
        }
    }

    private ConfigProblem connectionProblem(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = target.host() + ":" + target.port();
        SqlFailure failure = SqlFailure.of(e);
        if (failure == SqlFailure.AUTHENTICATION && (state.equals("28P01")
                || String.valueOf(e.getMessage()).contains("password"))) {
            // the server's own text is not repeated: it is enough to know the login was refused
            return ConfigProblem.of(PASSWORD, "PostgreSQL at " + where + " rejected the login of user '" + target.user()
                    + "' (password authentication failed): check " + USER + " and " + PASSWORD);
        }
        if (failure == SqlFailure.AUTHENTICATION) {
            return ConfigProblem.of(USER, "PostgreSQL at " + where + " does not let user '" + target.user()
                    + "' connect to database '" + target.dbname() + "' (" + target.redact(e.getMessage())
                    + "): add a pg_hba.conf entry for this host, user and database");
        }
        if (state.equals("3D000")) {
            return ConfigProblem.of(target.locationKey().equals(PostgresCdcSourceConfig.CONNECTION_URL)
                    ? PostgresCdcSourceConfig.CONNECTION_URL : DBNAME,
                    "database '" + target.dbname() + "' does not exist on " + where);
        }
        if (failure == SqlFailure.CONNECTION_LOSS || state.isEmpty()) {
            return ConfigProblem.unreachable(target.locationKey(), "cannot reach PostgreSQL at " + where + " ("
                    + target.redact(e.getMessage()) + "): check the host and port, that the server runs and that "
                    + "listen_addresses and firewalls let this worker in");
        }
        return new ConfigProblem(target.locationKey(), "cannot check PostgreSQL at " + where + ": "
                + target.redact(e.getMessage()) + " (SQLSTATE " + state + ")", failure.retriable());
    }

    private String checkWalLevel(Connection connection, List<ConfigProblem> problems) throws SQLException {
        String walLevel = single(connection, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            problems.add(ConfigProblem.of(target.locationKey(), "wal_level is '" + walLevel + "' on " + target.host()
                    + ":" + target.port() + ", but change capture needs 'logical': run ALTER SYSTEM SET wal_level = "
                    + "logical (or set it in postgresql.conf) and restart PostgreSQL"));
        }
        return walLevel;
    }

    private record Role(boolean superuser, boolean replication) {
    }

    private static Role role(Connection connection) throws SQLException {
        // rds_replication is how managed servers (Amazon RDS, Aurora) grant replication without the attribute
        String sql = "SELECT r.rolsuper, r.rolreplication OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = "
                + "'rds_replication' AND pg_has_role(r.oid, g.oid, 'MEMBER')) FROM pg_roles r "
                + "WHERE r.rolname = current_user";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return new Role(rows.getBoolean(1), rows.getBoolean(2));
        }
    }

    private void checkReplicationPrivilege(Connection connection, Role role, List<ConfigProblem> problems) {
        if (!role.superuser() && !role.replication()) {
            problems.add(ConfigProblem.of(USER, "user '" + target.user() + "' may not stream changes: it lacks the "
                    + "REPLICATION attribute. Run ALTER ROLE " + quoteIdent(target.user()) + " REPLICATION as a "
                    + "superuser (on Amazon RDS: GRANT rds_replication TO " + quoteIdent(target.user()) + ")"));
        }
    }

    /** Checks the slot; answers whether it exists and is in use (then its WAL sender is already counted). */
    private boolean checkSlot(Connection connection, List<ConfigProblem> problems) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT plugin, database, active FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, slotName);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    String slotPlugin = rows.getString(1);
                    String database = rows.getString(2);
                    if (database == null) {
                        problems.add(ConfigProblem.of(SLOT, "slot '" + slotName + "' exists as a physical slot; "
                                + "choose another " + SLOT + " or drop it with SELECT pg_drop_replication_slot('"
                                + slotName + "')"));
                    } else if (!database.equals(target.dbname())) {
                        problems.add(ConfigProblem.of(SLOT, "slot '" + slotName + "' belongs to database '" + database
                                + "', not '" + target.dbname() + "'; choose another " + SLOT));
                    } else if (!plugin.equals(slotPlugin)) {
                        problems.add(ConfigProblem.of(SLOT, "slot '" + slotName + "' decodes with '" + slotPlugin
                                + "', not '" + plugin + "'; choose another " + SLOT + " or drop it with "
                                + "SELECT pg_drop_replication_slot('" + slotName + "')"));
                    }
                    return rows.getBoolean(3);
                }
            }
        }
        int max = Integer.parseInt(single(connection, "SHOW max_replication_slots"));
        int used = Integer.parseInt(single(connection, "SELECT count(*) FROM pg_replication_slots"));
        if (used >= max) {
            problems.add(ConfigProblem.of(SLOT, "no replication slot is free for '" + slotName + "': " + used + " of "
                    + "max_replication_slots=" + max + " are taken. Drop a slot nobody reads (see SELECT slot_name, "
                    + "active FROM pg_replication_slots; then SELECT pg_drop_replication_slot('name')) or raise "
                    + "max_replication_slots and restart PostgreSQL"));
        }
        return false;
    }

    private void checkWalSenders(Connection connection, List<ConfigProblem> problems) throws SQLException {
        int max = Integer.parseInt(single(connection, "SHOW max_wal_senders"));
        int used = Integer.parseInt(single(connection,
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'"));
        if (used >= max) {
            problems.add(ConfigProblem.of(target.locationKey(), "no WAL sender is free on " + target.host() + ":"
                    + target.port() + ": " + used + " of max_wal_senders=" + max + " are streaming. Stop a "
                    + "replication client that is no longer needed or raise max_wal_senders and restart PostgreSQL"));
        }
    }

    private record Table(String name, char replicaIdentity, boolean primaryKey, boolean canSelect, boolean owned,
                         boolean toastable, boolean canWrite) {
    }

    private void checkTables(Connection connection, Role role, List<ConfigProblem> problems, List<String> toast)
            throws SQLException {
        List<Table> tables = tables(connection);
        List<Table> captured = new ArrayList<>();
        for (String entry : tablePatterns) {
            Pattern pattern;
            try {
                // Debezium matches schema.table case-insensitively against the whole name
                pattern = Pattern.compile(entry.trim(), Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                problems.add(ConfigProblem.of(TABLES, "'" + entry + "' is not a valid regular expression: "
                        + e.getDescription()));
                continue;
            }
            List<Table> matching = tables.stream().filter(table -> pattern.matcher(table.name()).matches()).toList();
            if (matching.isEmpty()) {
                problems.add(ConfigProblem.of(TABLES, "no table in database '" + target.dbname() + "' matches '"
                        + entry.trim() + "': name existing tables as schema.table (for example public.orders)"));
            }
            matching.stream().filter(table -> !captured.contains(table)).forEach(captured::add);
        }
        boolean publicationExists = exists(connection, "SELECT 1 FROM pg_publication WHERE pubname = ?",
                publicationName);
        List<String> notOwned = new ArrayList<>();
        for (Table table : captured) {
            if (table.replicaIdentity() == 'n' || table.replicaIdentity() == 'd' && !table.primaryKey()) {
                problems.add(ConfigProblem.of(TABLES, "table " + table.name() + " has "
                        + (table.replicaIdentity() == 'n' ? "REPLICA IDENTITY NOTHING" : "no primary key")
                        + ", so its updates and deletes cannot be captured: add a primary key or run ALTER TABLE "
                        + table.name() + " REPLICA IDENTITY FULL"));
            }
            if (!table.canSelect()) {
                problems.add(ConfigProblem.of(USER, "user '" + target.user() + "' may not read " + table.name()
                        + ", which the snapshot needs: GRANT SELECT ON " + table.name() + " TO "
                        + quoteIdent(target.user())));
            }
            if (!table.owned()) {
                notOwned.add(table.name());
            }
            if (table.toastable() && table.replicaIdentity() != 'f') {
                toast.add(table.name());
            }
        }
        List<String> published = new ArrayList<>(captured.stream().map(Table::name).toList());
        if (heartbeat != null) {
            published.add(heartbeat.qualifiedName());
            checkOwnTable(connection, tables, problems, HEARTBEAT, "heartbeat table", heartbeat.schema(),
                    heartbeat.qualifiedName(), heartbeat.createStatements(), "SELECT, INSERT, UPDATE",
                    "(slot_name)", "set " + HEARTBEAT + " to empty to turn heartbeat writes off")
                    .filter(table -> !table.owned()).ifPresent(table -> notOwned.add(table.name()));
        }
        if (signal != null) {
            published.add(signal.qualifiedName());
            checkOwnTable(connection, tables, problems, SIGNAL, "signal table", signal.schema(),
                    signal.qualifiedName(), signal.createStatements(), "SELECT, INSERT", null,
                    "set " + SIGNAL + " to empty to turn signals off")
                    .filter(table -> !table.owned()).ifPresent(table -> notOwned.add(table.name()));
        }
        if (!publicationExists && !role.superuser() && !notOwned.isEmpty()) {
            problems.add(ConfigProblem.of(PUBLICATION, "publication '" + publicationName + "' does not exist and user '"
                    + target.user() + "' cannot create it because it does not own " + String.join(", ", notOwned)
                    + ": have the owner run CREATE PUBLICATION " + publicationName + " FOR TABLE "
                    + String.join(", ", published)));
        }
    }

    /**
     * One of the connector's own tables: when it exists, the user must be able to write it (and the heartbeat's
     * upsert needs a primary key, {@code keyColumns}); when not, the user must be able to create it.
     */
    private Optional<Table> checkOwnTable(Connection connection, List<Table> tables, List<ConfigProblem> problems,
            String key, String what, String schema, String name, String createStatements, String privileges,
            String keyColumns, String turnOff) throws SQLException {
        Optional<Table> existing = tables.stream().filter(table -> table.name().equals(name)).findFirst();
        String grant = "GRANT USAGE ON SCHEMA " + schema + " TO " + quoteIdent(target.user())
                + "; GRANT " + privileges + " ON " + name + " TO " + quoteIdent(target.user());
        if (existing.isPresent()) {
            if (keyColumns != null && !existing.get().primaryKey()) {
                problems.add(ConfigProblem.of(key, what + " " + name + " has no primary key, which the "
                        + "heartbeat's upsert needs: have its owner run ALTER TABLE " + name + " ADD PRIMARY KEY "
                        + keyColumns + ", or name another " + key));
            }
            if (!existing.get().canSelect() || !existing.get().canWrite()) {
                problems.add(ConfigProblem.of(key, "user '" + target.user() + "' may not write the " + what + " "
                        + name + ": " + grant));
            }
            return existing;
        }
        // an existing schema needs CREATE on it; a missing one is created, which needs CREATE on the database
        String mayCreate = singleOrNull(connection, "SELECT has_schema_privilege(n.oid, 'CREATE')::text "
                + "FROM pg_namespace n WHERE n.nspname = ?", schema);
        if (mayCreate == null) {
            mayCreate = single(connection, "SELECT has_database_privilege(current_database(), 'CREATE')::text");
        }
        if (!"true".equals(mayCreate)) {
            problems.add(ConfigProblem.of(key, what + " " + name + " does not exist and user '"
                    + target.user() + "' may not create it (that needs CREATE on schema " + schema
                    + ", or on the database if the schema does not exist either): have a DBA run "
                    + createStatements + "; " + grant + " (and add it to the publication, if that exists), "
                    + "or " + turnOff));
        }
        return Optional.empty();
    }

    /**
     * Whether a row of table {@code c} can have a value stored out of line. PostgreSQL moves values out of
     * line only when a row outgrows about 2 kB, and only values of variable length whose storage is not
     * PLAIN: a table qualifies when it has such a column and either one of its columns is unbounded (text,
     * jsonb, bytea, arrays, varchar without length...) or the widest row its declared sizes allow is over
     * 2,000 bytes (varchar(n) and char(n) at 4 bytes a character, numeric(p,s) by its precision). So a
     * table of integers, timestamps, numeric(12,2) and varchar(40) columns is not flagged, whatever its
     * columns' storage says.
     */
    private static final String TOASTABLE = "COALESCE((SELECT bool_or(w.attlen = -1 AND w.attstorage <> 'p') "
            + "AND (bool_or(w.width IS NULL) OR sum(w.width) > 2000) FROM (SELECT a.attlen, a.attstorage, "
            + "CASE WHEN a.attlen > 0 THEN a.attlen "
            + "WHEN a.atttypid IN ('pg_catalog.bpchar'::regtype, 'pg_catalog.varchar'::regtype) AND a.atttypmod > 4 "
            + "THEN (a.atttypmod - 4) * 4 + 4 "
            + "WHEN a.atttypid = 'pg_catalog.numeric'::regtype AND a.atttypmod > 4 "
            + "THEN 8 + ((((a.atttypmod - 4) >> 16) & 65535) / 4 + 2) * 2 "
            + "END AS width FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) w), "
            + "false)";

    /** The names (schema.table) of the tables these include patterns capture; invalid patterns match nothing. */
    static List<String> capturedTables(Connection connection, List<String> patterns) throws SQLException {
        List<String> names = tables(connection).stream().map(Table::name).toList();
        List<String> captured = new ArrayList<>();
        for (String entry : patterns) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(entry.trim(), Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                continue;
            }
            names.stream().filter(name -> pattern.matcher(name).matches() && !captured.contains(name))
                    .forEach(captured::add);
        }
        return captured;
    }

    private static List<Table> tables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname || '.' || c.relname, c.relreplident, "
                + "EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'), "
                + "has_table_privilege(c.oid, 'SELECT'), pg_has_role(c.relowner, 'USAGE'), "
                + TOASTABLE + ", "
                + "has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') "
                + "AND has_schema_privilege(n.oid, 'USAGE') "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1";
        List<Table> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                tables.add(new Table(rows.getString(1), rows.getString(2).charAt(0), rows.getBoolean(3),
                        rows.getBoolean(4), rows.getBoolean(5), rows.getBoolean(6), rows.getBoolean(7)));
            }
        }
        return tables;
    }

    private static boolean exists(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static String singleOrNull(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
