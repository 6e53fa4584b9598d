package io.tributary.connect.jdbc;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The hand-over between a task's reader thread, which queries and decodes, and the task thread, which returns
 * the batches to the worker from poll(). At most {@link #CAPACITY} batches wait: enough that the task thread
 * finds the next batch ready while it sends the current one, few enough that the rows read ahead stay within
 * the bound on unacknowledged records (which counts queued batches) plus a batch or two.
 *
 * <p>A failure of the reader is delivered in order: the batches it read before it come first, then every take
 * throws it, so the task fails with the reader's own exception and message, after the rows it did read.
 */
final class BatchReader {

    /** Batches that may wait for the task thread. */
    static final int CAPACITY = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmptyOrDone = lock.newCondition();
    private final ArrayDeque<List<SourceRecord>> batches = new ArrayDeque<>(CAPACITY);
    private Throwable failure;
    private boolean closed;

    /**
     * Hands a batch over, waiting while {@link #CAPACITY} batches wait already; false once closed (the batch is
     * dropped: the task is stopping).
     */
    boolean put(List<SourceRecord> batch) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && batches.size() >= CAPACITY) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            batches.addLast(batch);
            notEmptyOrDone.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The reader thread failed with {@code cause}: takes throw it once the batches read before it are taken. */
    void fail(Throwable cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            notEmptyOrDone.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next batch, waiting up to {@code timeoutMs} for one; null when none came or once closed. Throws the
     * reader's failure when no batch read before it is left.
     */
    List<SourceRecord> take(long timeoutMs) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                List<SourceRecord> batch = batches.pollFirst();
                if (batch != null) {
                    notFull.signal();
                    return batch;
                }
                if (failure != null) {
                    throw rethrown(failure);
                }
                if (left <= 0) {
                    return null;
                }
                left = notEmptyOrDone.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(failure.getMessage(), failure); // the reader throws no checked exception
    }

    /** Ends both sides' waits: a put answers false, a take null, and so does every later call. */
    void close() {
        lock.lock();
        try {
            closed = true;
            batches.clear();
            notFull.signalAll();
            notEmptyOrDone.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many batches wait now. */
    int waiting() {
        lock.lock();
        try {
            return batches.size();
        } finally {
            lock.unlock();
        }
    }
}
