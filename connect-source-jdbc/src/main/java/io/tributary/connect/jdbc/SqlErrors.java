package io.tributary.connect.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Reads what kind of failure an SQLException is, and words it without secrets. */
final class SqlErrors {

    private SqlErrors() {
    }

    /** The connection is gone or never came up: worth a new connection and another attempt. */
    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"))) {
            return true;
        }
        return e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException;
    }

    /** The server refused the user or password. */
    static boolean isAuthenticationFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("28P01") || state.equals("28000"));
    }

    /** A table of the task was dropped; the connector's table monitor reconfigures the tasks. */
    static boolean isUndefinedTable(SQLException e) {
        return "42P01".equals(e.getSQLState());
    }

    /**
     * The driver's message with the password masked and the URL cut before its parameters, should a
     * driver echo either.
     */
    static String describe(Throwable e, String url, String password) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            message = message + " (SQLState " + sql.getSQLState() + ")";
        }
        if (url != null) {
            message = message.replace(url, safeUrl(url));
        }
        return redact(message, password);
    }

    static String redact(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "********");
    }

    /** The URL without its query string, where drivers accept user and password parameters. */
    static String safeUrl(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        int semicolon = url.indexOf(';');
        int cut = query < 0 ? semicolon : (semicolon < 0 ? query : Math.min(query, semicolon));
        return cut < 0 ? url : url.substring(0, cut);
    }
}
