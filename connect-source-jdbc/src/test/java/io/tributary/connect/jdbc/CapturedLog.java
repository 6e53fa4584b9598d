package io.tributary.connect.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The log lines of the plugin's loggers while it is open: the workers of the test cluster run in this JVM,
 * so what a task logs is what a user would read in the worker's log.
 */
final class CapturedLog implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Logger logger;
    private final AbstractAppender appender;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private CapturedLog(String loggerName) {
        logger = (Logger) LogManager.getLogger(loggerName);
        appender = new AbstractAppender("captured-" + SEQUENCE.incrementAndGet(), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                    warnings.add(message);
                }
                if (event.getLevel().isMoreSpecificThan(Level.INFO)) {
                    lines.add(message);
                }
            }
        };
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures what the connector's classes log. */
    static CapturedLog ofPlugin() {
        return new CapturedLog("io.tributary.connect.jdbc");
    }

    /** WARN and ERROR messages so far, formatted. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The warnings that contain every one of {@code parts}. */
    List<String> warningsWith(String... parts) {
        return warnings().stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).toList();
    }

    /** INFO, WARN and ERROR messages so far, formatted. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The INFO (or more severe) messages that contain every one of {@code parts}. */
    List<String> linesWith(String... parts) {
        return lines().stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).toList();
    }

    @Override
    public void close() {
        logger.removeAppender(appender);
        appender.stop();
    }
}
