package io.tributary.connect.jdbc.schema;

import io.tributary.connect.jdbc.dialect.ColumnInfo;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * NUMERIC/DECIMAL under the three numeric.mapping choices.
 *
 * <p>A PostgreSQL numeric may hold NaN, and without a declared precision Infinity and -Infinity too; the driver
 * hands them out as a Double instead of a BigDecimal. Decimal text carries them as PostgreSQL writes them
 * ({@code NaN}, {@code Infinity}, {@code -Infinity}), float64 as the same IEEE value; Decimal and integer
 * fields have no such value, so their readers throw {@link UnrepresentableValueException}.
 */
final class NumericColumns {

    /** The connect.decimal.precision parameter other connectors and converters read. */
    static final String PRECISION_PARAMETER = "connect.decimal.precision";

    private NumericColumns() {
    }

    static ColumnMapping map(ColumnInfo column, NumericMapping mapping) {
        int precision = column.precision();
        int scale = column.scale();
        boolean optional = column.nullable();
        boolean declared = precision > 0 && precision <= 1000;
        if (!declared) {
            return mapping == NumericMapping.BEST_FIT
                    ? Readers.float64(optional)
                    : new ColumnMapping(Readers.named(SchemaBuilder.string(), SchemaNames.DECIMAL_TEXT, optional),
                            (rs, i) -> {
                                Object value = rs.getObject(i);
                                return value == null ? null
                                        : value instanceof BigDecimal decimal ? decimal.toPlainString()
                                        : value.toString(); // NaN, Infinity, -Infinity: PostgreSQL's own text
                            });
        }
        if (mapping != NumericMapping.NONE && scale == 0 && precision < 19) {
            if (precision < 3) {
                return integer(SchemaBuilder.int8(), optional, "int8", BigDecimal::byteValueExact);
            }
            if (precision < 5) {
                return integer(SchemaBuilder.int16(), optional, "int16", BigDecimal::shortValueExact);
            }
            if (precision < 10) {
                return integer(SchemaBuilder.int32(), optional, "int32", BigDecimal::intValueExact);
            }
            return integer(SchemaBuilder.int64(), optional, "int64", BigDecimal::longValueExact);
        }
        if (mapping == NumericMapping.BEST_FIT && scale > 0 && precision < 19) {
            return Readers.float64(optional);
        }
        boolean bestFitIsFloat = scale > 0 && precision < 19;
        SchemaBuilder builder = Decimal.builder(scale).parameter(PRECISION_PARAMETER, Integer.toString(precision));
        Schema schema = optional ? builder.optional().build() : builder.build();
        return new ColumnMapping(schema, (rs, i) -> {
            BigDecimal value = exact(rs, i, "Decimal", bestFitIsFloat);
            // the column's scale is fixed, so this never rounds; it only pads values like 1.5 to 1.50
            return value == null ? null : value.setScale(scale);
        });
    }

    private static ColumnMapping integer(SchemaBuilder builder, boolean optional, String connectType,
                                         Function<BigDecimal, Object> narrow) {
        return new ColumnMapping(optional ? builder.optional().build() : builder.build(), (rs, i) -> {
            BigDecimal value = exact(rs, i, connectType, false);
            return value == null ? null : narrow.apply(value);
        });
    }

    /** The column's exact value; null for SQL NULL. */
    private static BigDecimal exact(ResultSet rs, int i, String connectType,
                                    boolean bestFitIsFloat) throws SQLException {
        Object value = rs.getObject(i);
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new UnrepresentableValueException(value.toString(), connectType, bestFitIsFloat);
            }
        }
        // a driver that hands out another Number for NUMERIC (its text is exact for integers and doubles alike)
        return new BigDecimal(value.toString());
    }
}
