package org.apache.kafka.common.utils;

import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Stands in, inside the CDC plugin directory, for the class of this name that Kafka 4.4 moved to
 * {@code org.apache.kafka.common.utils.internals}. Debezium 3.6 names its JMX metrics with
 * {@link #jmxSanitize(String)} and failed to start on a Kafka 4.4 worker with
 * {@code NoClassDefFoundError: org/apache/kafka/common/utils/Sanitizer}. A plugin's classloader asks the worker's
 * classloader first, so on workers that still have Kafka's class (up to 4.3) this one is never loaded.
 * {@code SanitizerTest} checks that it gives what Kafka's gives.
 */
public final class Sanitizer {

    /** What may stand unquoted in an ObjectName value: word characters, '-', '%', '.', space and tab. */
    private static final Pattern UNQUOTED = Pattern.compile("[\\w\\-%. \t]*");

    private Sanitizer() {
    }

    /**
     * The name as a value of a JMX ObjectName: as it is when it has only characters a value may hold unquoted,
     * else quoted by {@link ObjectName#quote(String)}.
     */
    public static String jmxSanitize(String name) {
        return UNQUOTED.matcher(name).matches() ? name : ObjectName.quote(name);
    }
}
