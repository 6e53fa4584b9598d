package io.tributary.connect.elasticsearch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the writes of one document in the order they were added, whatever runs concurrently and whatever
 * is retried. At most one write per document is out (sent, or waiting for a retry) at a time; a later
 * write of that document waits here until the earlier one is final. Without this, with external versions
 * off (upserts cannot have them), a write retried after a 429 or racing in another bulk could overwrite a
 * newer one.
 *
 * <p>Not thread-safe: {@link BulkWriter} calls it under its lock.
 */
final class DocumentOrder {

    /**
     * Documents that have a write out, with the writes of each that wait behind it in order; null while
     * none waits, so the common case of a document written once costs no queue.
     */
    private final Map<String, ArrayDeque<BulkItem>> out = new HashMap<>();
    private int waiting;

    /**
     * Of the items of a batch about to be queued for sending, in order, those that may go now; each of
     * them is out from here on. The others wait until {@link #finished} releases them.
     */
    List<BulkItem> admit(List<BulkItem> items) {
        List<BulkItem> now = new ArrayList<>(items.size());
        for (BulkItem item : items) {
            String key = item.documentKey;
            if (key == null) {
                now.add(item);
            } else if (!out.containsKey(key)) {
                out.put(key, null);
                now.add(item);
            } else {
                out.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(item);
                waiting++;
            }
        }
        return now;
    }

    /**
     * An item that was out is final (acknowledged, or rejected as malformed): the next write of its
     * document, if one waits, which is out from here on and must be sent; null otherwise.
     */
    BulkItem finished(BulkItem item) {
        String key = item.documentKey;
        if (key == null) {
            return null;
        }
        ArrayDeque<BulkItem> queue = out.get(key);
        if (queue == null) {
            out.remove(key);
            return null;
        }
        BulkItem next = queue.pollFirst();
        waiting--;
        if (queue.isEmpty()) {
            out.put(key, null);
        }
        return next;
    }

    /** Writes held back behind an earlier write of their document. */
    int waiting() {
        return waiting;
    }

    /** Documents with a write out. */
    int documentsOut() {
        return out.size();
    }
}
