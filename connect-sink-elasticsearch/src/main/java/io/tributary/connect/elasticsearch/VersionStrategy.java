package io.tributary.connect.elasticsearch;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The external version of a write ({@code version.mode}): Elasticsearch keeps a document only when the
 * version is higher than the stored one, so a replayed or late retried record cannot overwrite a newer one.
 */
abstract class VersionStrategy {

    private static final String HEADER_PREFIX = "header:";

    /** No versioning: the last write wins. */
    static final VersionStrategy NONE = new VersionStrategy() {
        @Override
        Long versionOf(SinkRecord record) {
            return null;
        }
    };

    /** The record's Kafka offset: increasing within a partition, which holds every record of a key. */
    static final VersionStrategy OFFSET = new VersionStrategy() {
        @Override
        Long versionOf(SinkRecord record) {
            return record.kafkaOffset();
        }
    };

    static VersionStrategy of(String mode) {
        if ("none".equals(mode)) {
            return NONE;
        }
        if ("offset".equals(mode)) {
            return OFFSET;
        }
        if (mode != null && mode.startsWith(HEADER_PREFIX) && mode.length() > HEADER_PREFIX.length()) {
            return new FromHeader(mode.substring(HEADER_PREFIX.length()));
        }
        throw new IllegalArgumentException("unknown version.mode " + mode);
    }

    /** The version for this record, or null for an unversioned write; DataException when it has none. */
    abstract Long versionOf(SinkRecord record);

    boolean versioned() {
        return this != NONE;
    }

    /** A numeric header, as a number or a decimal string; the last header of that name counts. */
    static final class FromHeader extends VersionStrategy {
        private final String name;

        FromHeader(String name) {
            this.name = name;
        }

        @Override
        Long versionOf(SinkRecord record) {
            Header header = record.headers().lastWithName(name);
            if (header == null || header.value() == null) {
                throw new DataException("the record has no header '" + name + "' to take the version from");
            }
            Object value = header.value();
            long version;
            if (value instanceof Number number && !(value instanceof Float) && !(value instanceof Double)) {
                version = number.longValue();
            } else if (value instanceof String text) {
                try {
                    version = Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new DataException("the header '" + name + "' is not a whole number: '" + text + "'");
                }
            } else {
                throw new DataException("the header '" + name + "' is a " + value.getClass().getSimpleName()
                        + ", not a whole number");
            }
            if (version < 0) {
                throw new DataException("the header '" + name + "' holds " + version
                        + "; Elasticsearch versions cannot be negative");
            }
            return version;
        }
    }

    /** none, offset, or header:&lt;name&gt;. */
    static final class ModeValidator implements ConfigDef.Validator {

        @Override
        public void ensureValid(String name, Object value) {
            String mode = (String) value;
            if (mode == null || !(mode.equals("none") || mode.equals("offset")
                    || (mode.startsWith(HEADER_PREFIX) && !mode.substring(HEADER_PREFIX.length()).isBlank()))) {
                throw new ConfigException(name, value, "must be none, offset, or header:<name>");
            }
        }

        @Override
        public String toString() {
            return "none, offset, header:<name>";
        }
    }
}
