package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.math.BigDecimal;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/** NUMERIC/DECIMAL under the three numeric.mapping choices. */
final class NumericColumns {

    /** The connect.decimal.precision parameter other connectors and converters read. */
    static final String PRECISION_PARAMETER = "connect.decimal.precision";

    private NumericColumns() {
    }

    static ColumnMapping map(ColumnInfo column, NumericMapping mapping) {
        int precision = column.precision();
        int scale = column.scale();
        boolean declared = precision > 0 && precision <= 1000;
        if (!declared) {
            return mapping == NumericMapping.BEST_FIT
                    ? Readers.float64(column.nullable())
                    : new ColumnMapping(
                            Readers.named(SchemaBuilder.string(), SchemaNames.DECIMAL_TEXT, column.nullable()),
                            (rs, i) -> {
                                BigDecimal value = rs.getBigDecimal(i);
                                return value == null ? null : value.toPlainString();
                            });
        }
        if (mapping != NumericMapping.NONE && scale == 0 && precision < 19) {
            if (precision < 3) {
                return Readers.int8(column.nullable());
            }
            if (precision < 5) {
                return Readers.int16(column.nullable());
            }
            if (precision < 10) {
                return Readers.int32(column.nullable());
            }
            return Readers.int64(column.nullable());
        }
        if (mapping == NumericMapping.BEST_FIT && scale > 0 && precision < 19) {
            return Readers.float64(column.nullable());
        }
        SchemaBuilder builder = Decimal.builder(scale).parameter(PRECISION_PARAMETER, Integer.toString(precision));
        Schema schema = column.nullable() ? builder.optional().build() : builder.build();
        return new ColumnMapping(schema, (rs, i) -> {
            BigDecimal value = rs.getBigDecimal(i);
            // the column's scale is fixed, so this never rounds; it only pads values like 1.5 to 1.50
            return value == null ? null : value.setScale(scale);
        });
    }
}
