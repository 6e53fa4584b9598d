package io.tributary.connect.common.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    private static SqlFailure of(String state, String message) {
        return SqlFailure.of(new SQLException(message, state));
    }

    @Test
    void classifiesByState() {
        assertEquals(SqlFailure.AUTHENTICATION, of("28P01", "password authentication failed"));
        assertEquals(SqlFailure.AUTHENTICATION, of("28000", "no pg_hba.conf entry"));
        assertEquals(SqlFailure.MISSING_OBJECT, of("42P01", "relation does not exist"));
        assertEquals(SqlFailure.MISSING_OBJECT, of("3D000", "database does not exist"));
        assertEquals(SqlFailure.MISSING_OBJECT, of("42703", "column does not exist"));
        assertEquals(SqlFailure.PERMISSION, of("42501", "permission denied for table orders"));
        assertEquals(SqlFailure.TRANSIENT, of("40001", "could not serialize access"));
        assertEquals(SqlFailure.TRANSIENT, of("40P01", "deadlock detected"));
        assertEquals(SqlFailure.TRANSIENT, of("55P03", "could not obtain lock"));
        assertEquals(SqlFailure.TRANSIENT, of("57014", "canceling statement due to statement timeout"));
        assertEquals(SqlFailure.TRANSIENT, of("0A000", "cached plan must not change result type"));
        assertEquals(SqlFailure.TRANSIENT, of("53100", "could not extend file: No space left on device"));
        assertEquals(SqlFailure.CONNECTION_LOSS, of("53300", "too many clients already"));
        assertEquals(SqlFailure.CONNECTION_LOSS, of("08006", "An I/O error occurred while sending to the backend."));
        assertEquals(SqlFailure.CONNECTION_LOSS, of("57P01", "terminating connection due to administrator command"));
        assertEquals(SqlFailure.OTHER, of("0A000", "LOCK TABLE is not supported"));
        assertEquals(SqlFailure.OTHER, of("23505", "duplicate key value violates unique constraint"));
        assertEquals(SqlFailure.OTHER, of("42601", "syntax error at or near"));
    }

    @Test
    void fallsBackToTheDriversExceptionTypeWithoutAState() {
        assertEquals(SqlFailure.CONNECTION_LOSS, SqlFailure.of(new SQLRecoverableException("socket closed")));
        assertEquals(SqlFailure.OTHER, SqlFailure.of(new SQLException("something")));
    }

    @Test
    void onlyTransientFailuresAndLostConnectionsAreRetriable() {
        assertTrue(SqlFailure.TRANSIENT.retriable());
        assertTrue(SqlFailure.CONNECTION_LOSS.retriable());
        assertFalse(SqlFailure.AUTHENTICATION.retriable());
        assertFalse(SqlFailure.MISSING_OBJECT.retriable());
        assertFalse(SqlFailure.PERMISSION.retriable());
        assertFalse(SqlFailure.OTHER.retriable());
    }
}
