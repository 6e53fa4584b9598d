package io.tributary.connect.jdbc.schema;

/**
 * A column's value that its Connect type has no value for, such as a numeric column's NaN in a Decimal field.
 * Readers throw it; {@link RowSchema} knows the column and the table, and writes null or fails the task as
 * numeric.special.values says.
 */
final class UnrepresentableValueException extends RuntimeException {

    private final String value;
    private final String connectType;
    private final boolean bestFitKeepsIt;

    /** @param bestFitKeepsIt whether numeric.mapping=best_fit would make the field a float64, which has the value */
    UnrepresentableValueException(String value, String connectType, boolean bestFitKeepsIt) {
        // no stack trace: it is caught one frame up, and may come once per row
        super(value + " has no " + connectType + " value", null, false, false);
        this.value = value;
        this.connectType = connectType;
        this.bestFitKeepsIt = bestFitKeepsIt;
    }

    /** The database's text of the value, e.g. NaN. */
    String value() {
        return value;
    }

    /** The Connect type that cannot carry it, e.g. Decimal. */
    String connectType() {
        return connectType;
    }

    boolean bestFitKeepsIt() {
        return bestFitKeepsIt;
    }
}
