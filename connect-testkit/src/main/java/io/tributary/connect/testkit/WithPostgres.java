package io.tributary.connect.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts (or reuses, within this JVM) a PostgreSQL server with {@code wal_level=logical} and creates a
 * fresh database for the test class; methods receive it as a {@link PostgresDatabase} parameter (the
 * server itself as {@link PostgresServer}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {
}
