package io.tributary.kafkacompat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.utils.Sanitizer;
import org.junit.jupiter.api.Test;

/**
 * The stand-in Sanitizer names JMX values as Kafka's own does: the class of the Kafka version the build compiles
 * against (where Debezium expects it) and the moved one of the first version without it, each loaded from its
 * kafka-clients jar in a classloader of its own.
 */
class SanitizerTest {

    private static final List<String> NAMES = List.of("", "plain", "cdc-legacy", "task-0", "with space",
            "tab\there", "dotted.name", "per%cent", "under_score", "colon:name", "comma,name", "equals=name",
            "star*name", "question?name", "quote\"name", "back\\slash", "new\nline", "slash/name", "äöü",
            "public.orders", "connector=cdc,task=0", "\u0000");

    @Test
    void quotesExactlyWhatKafkaOfTheBuildQuotes() throws Exception {
        assertSameAs("kafka-clients-build.jar", "org.apache.kafka.common.utils.Sanitizer");
    }

    @Test
    void quotesExactlyWhatTheMovedKafkaClassQuotes() throws Exception {
        assertSameAs("kafka-clients-moved.jar", "org.apache.kafka.common.utils.internals.Sanitizer");
    }

    private static void assertSameAs(String jar, String className) throws Exception {
        URL url = Path.of("target", "kafka-clients", jar).toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader())) {
            Method kafka = loader.loadClass(className).getMethod("jmxSanitize", String.class);
            for (String name : NAMES) {
                assertEquals(kafka.invoke(null, name), Sanitizer.jmxSanitize(name),
                        "jmxSanitize(" + name + ") of " + className + " in " + jar);
            }
        }
    }
}
