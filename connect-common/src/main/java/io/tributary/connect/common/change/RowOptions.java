package io.tributary.connect.common.change;

import io.tributary.connect.common.data.FieldPath;
import java.util.List;
import java.util.Objects;

/**
 * How {@link ChangeEventRows} turns change events into rows. Start from {@link #defaults()} and change what
 * differs; every {@code with} method returns a new instance.
 *
 * @param deleteHandling what a delete event becomes
 * @param dropTombstones whether a record with a null value (the tombstone a capture writes after each delete)
 *     is dropped rather than passed on unchanged
 * @param addFields envelope fields copied into the row, each named {@code prefix} + {@link FieldPath#flatName()}
 * @param addHeaders envelope fields copied into headers, named like {@code addFields}
 * @param prefix the prefix of added fields and headers and of the deleted flag
 * @param toastPlaceholder the placeholder of an unchanged TOASTed column, which is left out of the row; {@code null}
 *     keeps such columns as they are
 * @param passNonChangeEvents whether a Struct or Map without {@code op} (a heartbeat, a schema change event)
 *     passes unchanged rather than failing
 */
public record RowOptions(DeleteHandling deleteHandling, boolean dropTombstones, List<FieldPath> addFields,
                         List<FieldPath> addHeaders, String prefix, String toastPlaceholder,
                         boolean passNonChangeEvents) {

    // The names error messages give these options, so a user knows what to change; configurations that
    // expose the options use them as keys.
    public static final String ADD_FIELDS = "add.fields";
    public static final String ADD_HEADERS = "add.headers";
    public static final String ADD_PREFIX = "add.prefix";
    public static final String NON_CHANGE_EVENTS = "non.change.events";
    /** Appended to the prefix to name the flag that {@link DeleteHandling#REWRITE} adds. */
    public static final String DELETED_FLAG = "deleted";

    public RowOptions {
        Objects.requireNonNull(deleteHandling, "deleteHandling");
        addFields = List.copyOf(addFields);
        addHeaders = List.copyOf(addHeaders);
        Objects.requireNonNull(prefix, "prefix");
        if (toastPlaceholder != null && toastPlaceholder.isEmpty()) {
            // an empty placeholder would match, and drop, every empty text column
            throw new IllegalArgumentException("the TOAST placeholder must not be empty");
        }
    }

    /**
     * Deletes become tombstones, tombstones are dropped, nothing is added, the prefix is {@code __}, Debezium's
     * default TOAST placeholder is left out, and a record that is not a change event fails.
     */
    public static RowOptions defaults() {
        return new RowOptions(DeleteHandling.TOMBSTONE, true, List.of(), List.of(), "__",
            ToastPlaceholder.DEBEZIUM_DEFAULT, false);
    }

    public RowOptions withDeleteHandling(DeleteHandling value) {
        return new RowOptions(value, dropTombstones, addFields, addHeaders, prefix, toastPlaceholder,
            passNonChangeEvents);
    }

    public RowOptions withDropTombstones(boolean value) {
        return new RowOptions(deleteHandling, value, addFields, addHeaders, prefix, toastPlaceholder,
            passNonChangeEvents);
    }

    public RowOptions withAddFields(List<FieldPath> value) {
        return new RowOptions(deleteHandling, dropTombstones, value, addHeaders, prefix, toastPlaceholder,
            passNonChangeEvents);
    }

    public RowOptions withAddHeaders(List<FieldPath> value) {
        return new RowOptions(deleteHandling, dropTombstones, addFields, value, prefix, toastPlaceholder,
            passNonChangeEvents);
    }

    public RowOptions withPrefix(String value) {
        return new RowOptions(deleteHandling, dropTombstones, addFields, addHeaders, value, toastPlaceholder,
            passNonChangeEvents);
    }

    /** {@code null} keeps placeholders in the row. */
    public RowOptions withToastPlaceholder(String value) {
        return new RowOptions(deleteHandling, dropTombstones, addFields, addHeaders, prefix, value,
            passNonChangeEvents);
    }

    public RowOptions withPassNonChangeEvents(boolean value) {
        return new RowOptions(deleteHandling, dropTombstones, addFields, addHeaders, prefix, toastPlaceholder,
            value);
    }

    /** The names of the fields {@link #addFields} become, in the same order. */
    public List<String> addedFieldNames() {
        return addFields.stream().map(path -> prefix + path.flatName()).toList();
    }

    /** The names of the headers {@link #addHeaders} become, in the same order. */
    public List<String> addedHeaderNames() {
        return addHeaders.stream().map(path -> prefix + path.flatName()).toList();
    }

    /** The name of the deleted flag, or {@code null} when deletes are not rewritten and no row carries it. */
    public String deletedFlagName() {
        return deleteHandling == DeleteHandling.REWRITE ? prefix + DELETED_FLAG : null;
    }
}
