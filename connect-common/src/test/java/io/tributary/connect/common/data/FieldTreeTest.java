package io.tributary.connect.common.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldTreeTest {

    @Test
    void sharesParentOfSiblingPaths() {
        FieldTree<String> tree = new FieldTree<>();

        assertEquals(FieldTree.Overlap.NONE, tree.add(FieldPath.parse("address.city"), "c"));
        assertEquals(FieldTree.Overlap.NONE, tree.add(FieldPath.parse("address.zip"), "z"));

        FieldTree<String> address = tree.child("address");
        assertFalse(address.isLeaf());
        assertEquals(List.of("city", "zip"), List.copyOf(address.children().keySet()));
        assertEquals("c", address.child("city").leaf());
    }

    @Test
    void namesEachNodeByItsDottedPath() {
        FieldTree<String> tree = new FieldTree<>();
        tree.add(FieldPath.parse("customer.address.city"), "c");

        assertEquals("", tree.path());
        assertEquals("customer.address", tree.child("customer").child("address").path());
        assertEquals("customer.address.city", tree.child("customer").child("address").child("city").path());
    }

    @Test
    void reportsPathAlreadyThereAsSame() {
        FieldTree<String> tree = new FieldTree<>();
        tree.add(FieldPath.parse("address.city"), "first");

        assertEquals(FieldTree.Overlap.SAME, tree.add(FieldPath.parse("address.city"), "second"));
        assertEquals("first", tree.child("address").child("city").leaf());
    }

    @Test
    void reportsPathInsideLeafAsNested() {
        FieldTree<String> tree = new FieldTree<>();
        tree.add(FieldPath.parse("address"), "a");

        assertEquals(FieldTree.Overlap.NESTED, tree.add(FieldPath.parse("address.city"), "c"));
        assertTrue(tree.child("address").children().isEmpty());
    }

    @Test
    void reportsPathAroundOthersAsNested() {
        FieldTree<String> tree = new FieldTree<>();
        tree.add(FieldPath.parse("address.city"), "c");

        assertEquals(FieldTree.Overlap.NESTED, tree.add(FieldPath.parse("address"), "a"));
        assertNull(tree.child("address").leaf());
    }

    @Test
    void listsLeavesDepthFirstInOrderAdded() {
        FieldTree<String> tree = new FieldTree<>();
        tree.add(FieldPath.parse("a.x"), "1");
        tree.add(FieldPath.parse("b"), "2");
        tree.add(FieldPath.parse("a.y"), "3");

        assertEquals(List.of("a.x", "a.y", "b"), tree.leaves().stream().map(FieldTree::path).toList());
    }
}
