package io.tributary.connect.jdbc.dialect;

import java.util.ServiceLoader;

/**
 * Picks the dialect for a JDBC URL among those listed in
 * {@code META-INF/services/io.tributary.connect.jdbc.dialect.DatabaseDialect}; the generic dialect when
 * none claims it.
 */
public final class DatabaseDialects {

    private DatabaseDialects() {
    }

    public static DatabaseDialect forUrl(String jdbcUrl) {
        // the plugin's own loader: under Connect's isolation the context loader may not see this jar
        for (DatabaseDialect dialect : ServiceLoader.load(DatabaseDialect.class,
                DatabaseDialect.class.getClassLoader())) {
            if (!(dialect.getClass() == GenericDialect.class) && dialect.handles(jdbcUrl)) {
                return dialect;
            }
        }
        return new GenericDialect();
    }
}
