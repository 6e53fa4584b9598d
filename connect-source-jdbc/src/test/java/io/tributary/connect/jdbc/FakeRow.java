package io.tributary.connect.jdbc;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;

/** A one-row ResultSet of given column values, as a driver hands them out by getObject; for readers' unit tests. */
public final class FakeRow {

    private FakeRow() {
    }

    public static ResultSet of(Object... values) {
        Object[] lastRead = new Object[1];
        return (ResultSet) Proxy.newProxyInstance(FakeRow.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getObject" -> {
                            lastRead[0] = values[(Integer) args[0] - 1];
                            return lastRead[0];
                        }
                        case "getString" -> {
                            lastRead[0] = values[(Integer) args[0] - 1];
                            return lastRead[0] == null ? null : lastRead[0].toString();
                        }
                        case "wasNull" -> {
                            return lastRead[0] == null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
