package io.tributary.connect.common.config;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.FieldTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Checks a config that takes one {@link FieldPath} (a STRING key) or a list of them (a LIST key), so every
 * transform rejects a bad path with the same words. A list may also be checked for paths listed twice,
 * paths inside one another, or paths that would share a derived name. Errors name the key and the reason.
 * Start from {@link #single()} or {@link #list()}; every other method returns a new validator.
 *
 * @param ofList whether the key is a LIST of paths rather than one STRING path
 * @param emptyMeans what an empty value means, for the docs; null when a path is required
 * @param noRepeats whether a list may not name a path twice
 * @param noNesting whether a list may not name a path inside another
 * @param derivedName the name each listed path derives, two of which may not be equal; null for no such check
 * @param derivedWhat what a derived name is called in the message, such as "key field"
 */
public record FieldPathValidator(boolean ofList, String emptyMeans, boolean noRepeats, boolean noNesting,
                                 Function<FieldPath, String> derivedName, String derivedWhat)
    implements ConfigDef.Validator {

    /** One required field path. */
    public static FieldPathValidator single() {
        return new FieldPathValidator(false, null, false, false, null, null);
    }

    /** A non-empty list of field paths. */
    public static FieldPathValidator list() {
        return new FieldPathValidator(true, null, false, false, null, null);
    }

    /** Also accepts an empty value (a blank path, an empty list), which means {@code meaning} (for the docs). */
    public FieldPathValidator orEmptyFor(String meaning) {
        return new FieldPathValidator(ofList, meaning, noRepeats, noNesting, derivedName, derivedWhat);
    }

    /** Rejects a list that names a path twice. */
    public FieldPathValidator distinct() {
        return new FieldPathValidator(ofList, emptyMeans, true, noNesting, derivedName, derivedWhat);
    }

    /** Rejects a list that names a path twice, or a path inside another, as a tree of paths needs. */
    public FieldPathValidator disjoint() {
        return new FieldPathValidator(ofList, emptyMeans, true, true, derivedName, derivedWhat);
    }

    /**
     * Rejects a list in which two paths derive the same {@code name}, called {@code what} in the message
     * (such as "key field").
     */
    public FieldPathValidator distinctBy(Function<FieldPath, String> name, String what) {
        return new FieldPathValidator(ofList, emptyMeans, noRepeats, noNesting, name, what);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (ofList) {
            ensureValidList(name, value);
        } else {
            ensureValidPath(name, value);
        }
    }

    private void ensureValidPath(String name, Object value) {
        if (emptyMeans != null) {
            if (value == null) {
                throw new ConfigException(name, null, "must be a field path or empty, not null");
            }
            if (((String) value).isBlank()) {
                return;
            }
        }
        parse(name, value, (String) value);
    }

    private void ensureValidList(String name, Object value) {
        if (emptyMeans == null) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "must list at least one field");
            }
        } else if (value == null) {
            throw new ConfigException(name, null, "must be a list of field paths, not null");
        }
        Set<FieldPath> seen = noRepeats ? new HashSet<>() : null;
        FieldTree<FieldPath> tree = noNesting ? new FieldTree<>() : null;
        Map<String, FieldPath> derived = derivedName != null ? new HashMap<>() : null;
        for (Object item : (List<?>) value) {
            FieldPath path = parse(name, value, String.valueOf(item));
            if (seen != null && !seen.add(path)) {
                throw new ConfigException(name, value, "lists '" + path + "' twice");
            }
            if (tree != null && tree.add(path, path) != FieldTree.Overlap.NONE) {
                throw new ConfigException(name, value, "'" + path + "' is inside or around another listed field");
            }
            if (derived != null) {
                String derivedAs = derivedName.apply(path);
                FieldPath other = derived.put(derivedAs, path);
                if (other != null) {
                    throw new ConfigException(name, value, "'" + other + "' and '" + path + "' would both be "
                        + derivedWhat + " '" + derivedAs + "'");
                }
            }
        }
    }

    private static FieldPath parse(String name, Object value, String text) {
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        if (ofList) {
            return emptyMeans == null ? "non-empty list of field paths"
                : "list of field paths, or empty for " + emptyMeans;
        }
        return "a field name or dotted path" + (emptyMeans == null ? "" : ", or empty for " + emptyMeans);
    }
}
