package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.CreateOperation;
import co.elastic.clients.elasticsearch.core.bulk.DeleteOperation;
import co.elastic.clients.elasticsearch.core.bulk.IndexOperation;
import co.elastic.clients.elasticsearch.core.bulk.UpdateOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.NullValueBehavior;
import io.tributary.connect.elasticsearch.ElasticsearchSinkConfig.WriteMethod;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The bulk operation for a record: index (insert), update with doc_as_upsert (upsert), delete (a
 * tombstone), or create (data streams). The document travels as the bytes {@link DocumentEncoder} wrote,
 * so the client does not serialise it a second time.
 */
final class BulkOperationFactory {

    /** What one record becomes; {@code conflictMeansDone} and {@code documentKey} as in {@link BulkItem}. */
    record Write(BulkOperation operation, int sizeInBytes, boolean conflictMeansDone, String documentKey) {
    }

    /** Action line and separators around each document, roughly. */
    private static final int OVERHEAD_BYTES = 64;

    private final IndexNames names;
    private final DocumentEncoder encoder;
    private final DocumentIdStrategy ids;
    private final VersionStrategy versions;
    private final WriteMethod writeMethod;
    private final NullValueBehavior nullValues;
    private final boolean dataStreams;
    /** Ids from coordinates are one record's own: no two writes share them, nothing to keep in order. */
    private final boolean idsFromKeys;

    BulkOperationFactory(ElasticsearchSinkConfig config, DocumentEncoder encoder) {
        this.names = new IndexNames(config);
        this.encoder = encoder;
        this.ids = DocumentIdStrategy.of(config.keyIgnore(), encoder);
        this.versions = VersionStrategy.of(config.versionMode());
        this.writeMethod = config.writeMethod();
        this.nullValues = config.nullValueBehavior();
        this.dataStreams = config.dataStreams();
        this.idsFromKeys = !config.keyIgnore();
    }

    String targetOf(SinkRecord record) {
        return names.forTopic(record.topic());
    }

    /**
     * The write for a record, or null when the record is skipped (a null value with
     * behavior.on.null.values=ignore). Throws DataException for a record that cannot become a write
     * (malformed: handled per behavior.on.malformed.documents), ConnectException to fail the task.
     */
    Write toWrite(SinkRecord record) {
        String index = names.forTopic(record.topic());
        if (record.value() == null) {
            switch (nullValues) {
                case IGNORE:
                    return null;
                case FAIL:
                    throw new ConnectException("the record " + record.topic() + "-" + record.kafkaPartition() + "@"
                            + record.kafkaOffset() + " has a null value and behavior.on.null.values=fail; set it to "
                            + "ignore or delete to let tombstones through");
                default:
                    return delete(record, index);
            }
        }
        String id = ids.idOf(record);
        if (dataStreams) {
            byte[] document = encoder.encode(record.valueSchema(), record.value(), false, record.timestamp());
            BinaryData body = BinaryData.of(document, ContentType.APPLICATION_JSON);
            BulkOperation operation = BulkOperation.of(op -> op.create(CreateOperation.of(c -> c.index(index).id(id)
                    .document(body))));
            return new Write(operation, document.length + id.length() + index.length() + OVERHEAD_BYTES, true,
                    documentKey(index, id));
        }
        if (writeMethod == WriteMethod.UPSERT) {
            byte[] action = encoder.encode(record.valueSchema(), record.value(), true, null);
            BinaryData body = BinaryData.of(action, ContentType.APPLICATION_JSON);
            // concurrent upserts of one id from other writers are merged again rather than failed
            BulkOperation operation = BulkOperation.of(op -> op.update(UpdateOperation.of(u -> u.index(index).id(id)
                    .binaryAction(body).retryOnConflict(3))));
            return new Write(operation, action.length + id.length() + index.length() + OVERHEAD_BYTES, false,
                    documentKey(index, id));
        }
        Long version = versions.versionOf(record);
        byte[] document = encoder.encode(record.valueSchema(), record.value(), false, null);
        BinaryData body = BinaryData.of(document, ContentType.APPLICATION_JSON);
        BulkOperation operation = BulkOperation.of(op -> op.index(IndexOperation.of(i -> {
            i.index(index).id(id).document(body);
            if (version != null) {
                i.version(version).versionType(VersionType.External);
            }
            return i;
        })));
        return new Write(operation, document.length + id.length() + index.length() + OVERHEAD_BYTES, version != null,
                documentKey(index, id));
    }

    private Write delete(SinkRecord record, String index) {
        String id = ids.idOf(record);
        Long version = versions.versionOf(record);
        BulkOperation operation = BulkOperation.of(op -> op.delete(DeleteOperation.of(d -> {
            d.index(index).id(id);
            if (version != null) {
                d.version(version).versionType(VersionType.External);
            }
            return d;
        })));
        return new Write(operation, id.length() + index.length() + OVERHEAD_BYTES, version != null,
                documentKey(index, id));
    }

    /** '/' cannot appear in an index name, so distinct (index, id) pairs never share a key. */
    private String documentKey(String index, String id) {
        return idsFromKeys ? index + '/' + id : null;
    }
}
