package io.tributary.connect.transforms;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A key-or-value transform whose work is a {@link FieldRewriter} over configured paths: a record none of
 * whose paths changes passes as it is, the same instance.
 *
 * @param <L> what a leaf of the rewriter's tree carries
 */
abstract class FieldRewritingTransformation<R extends ConnectRecord<R>, L> extends KeyOrValueTransformation<R> {

    private FieldRewriter<L> rewriter;

    FieldRewritingTransformation(String name, ConfigDef configDef, RecordPart recordPart) {
        super(name, configDef, recordPart);
    }

    /** Sets, at configure time, the rewriter that every record goes through. */
    protected final void rewriteWith(FieldRewriter<L> fieldRewriter) {
        rewriter = fieldRewriter;
    }

    @Override
    protected final R applySchemaless(R record, Map<?, ?> map) {
        Map<?, ?> rewritten = rewriter.rewrite(map);
        return rewritten == map ? record : newRecord(record, null, rewritten);
    }

    @Override
    protected final R applyWithSchema(R record, Struct struct, Schema schema) {
        Struct rewritten = rewriter.rewrite(struct, schema);
        if (rewritten == struct) {
            return record;
        }
        // a rewrite that keeps every field's schema keeps the one the record declares
        return newRecord(record, rewriter.keepsSchema() ? schema : rewritten.schema(), rewritten);
    }
}
