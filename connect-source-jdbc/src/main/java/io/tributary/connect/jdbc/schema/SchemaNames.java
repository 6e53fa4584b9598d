package io.tributary.connect.jdbc.schema;

/** Names on string schemas whose text has a format consumers may want to parse. */
public final class SchemaNames {

    /** JSON text from json/jsonb columns. */
    public static final String JSON = "io.tributary.connect.jdbc.Json";
    /** Canonical UUID text. */
    public static final String UUID = "io.tributary.connect.jdbc.Uuid";
    /** ISO-8601 duration text, e.g. P1Y2M3DT4H5M6.5S, from interval columns. */
    public static final String INTERVAL = "io.tributary.connect.jdbc.Interval";
    /** Exact decimal text from numeric columns without a declared scale, whose scale varies by row. */
    public static final String DECIMAL_TEXT = "io.tributary.connect.jdbc.DecimalText";

    private SchemaNames() {
    }
}
