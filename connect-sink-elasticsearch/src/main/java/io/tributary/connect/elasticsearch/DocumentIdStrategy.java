package io.tributary.connect.elasticsearch;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The document id of a record. Ids are what make redelivery harmless: the same record always writes the
 * same document. From the key: strings and numbers as they are; a Struct or Map with a single primitive
 * field (a CDC primary key) as that value, so the id is what a service would look the row up by; any
 * other Struct or Map as JSON with sorted keys, the same for the same key whatever its field order.
 * Without the key: {@code topic+partition+offset}.
 */
abstract class DocumentIdStrategy {

    static DocumentIdStrategy of(boolean keyIgnore, DocumentEncoder encoder) {
        return keyIgnore ? new FromCoordinates() : new FromKey(encoder);
    }

    /**
     * Elasticsearch refuses a longer id (UTF-8 bytes) by failing the whole bulk request, not the one
     * document, so such a record must never reach a bulk.
     */
    static final int MAX_ID_BYTES = 512;

    /** The id; DataException when the record has no usable key or the id is longer than Elasticsearch takes. */
    final String idOf(SinkRecord record) {
        String id = candidateId(record);
        // at most three UTF-8 bytes per char: a short id cannot be too long
        if (id.length() > MAX_ID_BYTES / 3) {
            int bytes = utf8Length(id);
            if (bytes > MAX_ID_BYTES) {
                // the id itself stays out of the message: keys are often personal data
                throw new DataException("the document id taken from the key is " + bytes + " bytes long (UTF-8); "
                        + "Elasticsearch takes at most " + MAX_ID_BYTES + ". Shorten the key (for example by hashing "
                        + "it with the DeriveKey transform) or set key.ignore=true");
            }
        }
        return id;
    }

    abstract String candidateId(SinkRecord record);

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** {@code topic+partition+offset}: unique per record, stable across redeliveries. */
    static final class FromCoordinates extends DocumentIdStrategy {
        @Override
        String candidateId(SinkRecord record) {
            return record.topic() + '+' + record.kafkaPartition() + '+' + record.kafkaOffset();
        }
    }

    /** From the record key. */
    static final class FromKey extends DocumentIdStrategy {
        private final DocumentEncoder encoder;

        FromKey(DocumentEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        String candidateId(SinkRecord record) {
            Object key = record.key();
            if (key == null) {
                throw new DataException("the record has no key to take the document id from (key.ignore=false)");
            }
            String id = primitiveText(key);
            if (id != null) {
                return id;
            }
            Schema schema = record.keySchema();
            if (key instanceof Struct struct) {
                if (struct.schema().fields().size() == 1) {
                    Field only = struct.schema().fields().get(0);
                    String single = primitiveText(struct.get(only));
                    if (single != null) {
                        return single;
                    }
                }
                return encoder.canonicalJson(struct.schema(), struct);
            }
            if (key instanceof Map<?, ?> map) {
                if (map.size() == 1) {
                    String single = primitiveText(map.values().iterator().next());
                    if (single != null) {
                        return single;
                    }
                }
                return encoder.canonicalJson(schema, map);
            }
            throw new DataException("a " + key.getClass().getSimpleName() + " key cannot be a document id; "
                    + "use a string, number, Struct or Map key, or key.ignore=true");
        }

        /** The text of a string, number, boolean or bytes key; null for anything else. */
        private static String primitiveText(Object value) {
            if (value instanceof String text) {
                if (text.isEmpty()) {
                    throw new DataException("the key is an empty string, which cannot be a document id");
                }
                return text;
            }
            if (value instanceof BigDecimal decimal) {
                return decimal.toPlainString();
            }
            if (value instanceof Number || value instanceof Boolean) {
                return value.toString();
            }
            if (value instanceof byte[] bytes) {
                return Base64.getEncoder().encodeToString(bytes);
            }
            if (value instanceof ByteBuffer buffer) {
                ByteBuffer copy = buffer.duplicate();
                byte[] bytes = new byte[copy.remaining()];
                copy.get(bytes);
                return Base64.getEncoder().encodeToString(bytes);
            }
            return null;
        }
    }
}
