package io.tributary.connect.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts (or reuses, within this JVM) an Elasticsearch server of the chosen major version; methods
 * receive it as an {@link ElasticsearchServer} parameter. 9.x needs a JDK 21 or newer: where none is
 * found the test class is skipped with that reason.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ElasticsearchExtension.class)
public @interface WithElasticsearch {

    /** 8 or 9: the build pins one version of each (8.19.x and 9.5.0). */
    int major() default 8;

    /**
     * The oldest minor of that major the project claims instead of the newest (the build pins it as
     * {@code tributary.elasticsearch.<major>.oldest.version}), for compatibility tests.
     */
    boolean oldest() default false;
}
