package io.tributary.connect.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts (or reuses, within this JVM) a Kafka cluster with Connect workers in distributed mode; test
 * and lifecycle methods receive it as a {@link KafkaConnectCluster} parameter. Clusters of the same
 * shape are shared by test classes, so each test uses fresh connector and topic names.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaConnectExtension.class)
public @interface WithKafkaConnect {

    /** KRaft brokers (each also a controller); 3 for topology and failover tests. */
    int brokers() default 1;

    /** Distributed Connect workers in one group; 2 for failover tests. */
    int workers() default 1;

    /**
     * Worker settings added to the kit's defaults, as {@code key=value}, e.g.
     * {@code "exactly.once.source.support=enabled"}. Classes asking for different settings get different
     * clusters.
     */
    String[] workerProperties() default {};

    /**
     * A worker properties file, relative to the test's working directory, whose converter settings
     * ({@code key.converter*}, {@code value.converter*}, {@code header.converter*}) the workers take instead
     * of the kit's, so a test runs records through the converters a shipped worker file configures (e.g.
     * {@code "../configs/worker/connect-distributed.properties"}). {@link #workerProperties()} still win.
     */
    String convertersFrom() default "";
}
