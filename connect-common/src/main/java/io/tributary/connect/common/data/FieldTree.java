package io.tributary.connect.common.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configured {@link FieldPath}s as a tree of segments, built once at configuration. Each path ends in a
 * leaf that carries what the transform does there (a mask rule, a marker); a node is either a leaf or has
 * children, never both, so no configured field lies inside another.
 *
 * @param <L> what a leaf carries
 */
public final class FieldTree<L> {

    /** How a path relates to the paths already in the tree. */
    public enum Overlap {
        /** It was added. */
        NONE,
        /** It is already there. */
        SAME,
        /** It lies inside or around a path that is there. */
        NESTED
    }

    private final Map<String, FieldTree<L>> children = new LinkedHashMap<>();
    // the dotted path from the root, built once here rather than for every record
    private final String path;
    private L leaf;

    /** An empty tree. */
    public FieldTree() {
        this("");
    }

    private FieldTree(String path) {
        this.path = path;
    }

    /**
     * Adds {@code fieldPath} with its leaf (not null), unless it overlaps a path already there; then the
     * tree is unchanged and the overlap says how.
     */
    public Overlap add(FieldPath fieldPath, L leafValue) {
        FieldTree<L> node = this;
        for (String segment : fieldPath.segments()) {
            if (node.leaf != null) {
                return Overlap.NESTED;
            }
            String parent = node.path;
            node = node.children.computeIfAbsent(segment,
                s -> new FieldTree<>(parent.isEmpty() ? s : parent + "." + s));
        }
        if (node.leaf != null) {
            return Overlap.SAME;
        }
        if (!node.children.isEmpty()) {
            return Overlap.NESTED;
        }
        node.leaf = leafValue;
        return Overlap.NONE;
    }

    /** The dotted path from the root to this node; empty for the root. */
    public String path() {
        return path;
    }

    /** What this node carries when a configured path ends here, else {@code null}. */
    public L leaf() {
        return leaf;
    }

    public boolean isLeaf() {
        return leaf != null;
    }

    /** The child for the next segment, or {@code null}. */
    public FieldTree<L> child(String segment) {
        return children.get(segment);
    }

    /** The children by segment, in the order their paths were first added; not to be changed. */
    public Map<String, FieldTree<L>> children() {
        return children;
    }

    /** Every leaf below this node, depth first, children in the order they were added. */
    public List<FieldTree<L>> leaves() {
        List<FieldTree<L>> found = new ArrayList<>();
        collectLeaves(found);
        return found;
    }

    private void collectLeaves(List<FieldTree<L>> found) {
        for (FieldTree<L> child : children.values()) {
            if (child.leaf != null) {
                found.add(child);
            } else {
                child.collectLeaves(found);
            }
        }
    }
}
