package io.tributary.connect.common.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * The one classification of database errors, by SQLState (PostgreSQL's codes, which follow the standard
 * classes) and by the driver's exception type where no state is given.
 */
public enum SqlFailure {
    /** The server refused the user or the password (28000, 28P01). */
    AUTHENTICATION,
    /** A database, schema, table, column or function does not exist (3D000, 3F000, 42P01, 42703, 42883). */
    MISSING_OBJECT,
    /** The user lacks a privilege (42501). */
    PERMISSION,
    /**
     * Worth trying the same statement again: serialization failure or deadlock (40001, 40P01), lock not
     * available (55P03), query cancelled or statement timeout (57014), a cached plan whose result type
     * changed under it after ALTER TABLE (0A000 with that message), insufficient resources (53xxx but
     * 53300).
     */
    TRANSIENT,
    /** The connection is gone or never came up (class 08; shutting down 57P01-57P03; no free slot 53300). */
    CONNECTION_LOSS,
    /** Anything else: a bug in SQL, a constraint, a value the database rejects. */
    OTHER;

    public static SqlFailure of(SQLException e) {
        String state = e.getSQLState();
        if (state != null) {
            SqlFailure byState = byState(state, e.getMessage());
            if (byState != null) {
                return byState;
            }
        }
        if (e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return CONNECTION_LOSS;
        }
        return OTHER;
    }

    private static SqlFailure byState(String state, String message) {
        switch (state) {
            case "28000", "28P01":
                return AUTHENTICATION;
            case "3D000", "3F000", "42P01", "42703", "42883":
                return MISSING_OBJECT;
            case "42501":
                return PERMISSION;
            case "40001", "40P01", "55P03", "57014":
                return TRANSIENT;
            case "57P01", "57P02", "57P03", "53300":
                return CONNECTION_LOSS;
            case "0A000":
                return message != null && message.toLowerCase(Locale.ROOT).contains("cached plan")
                        ? TRANSIENT : OTHER;
            default:
                break;
        }
        if (state.startsWith("08")) {
            return CONNECTION_LOSS;
        }
        if (state.startsWith("53")) {
            return TRANSIENT;
        }
        return null;
    }

    /** Whether trying again (after reconnecting, for a lost connection) may succeed without any change. */
    public boolean retriable() {
        return this == TRANSIENT || this == CONNECTION_LOSS;
    }
}
