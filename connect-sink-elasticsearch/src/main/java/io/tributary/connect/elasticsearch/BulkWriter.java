package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.TransportOptions;
import io.tributary.connect.common.Backoff;
import io.tributary.connect.elasticsearch.FailureClassifier.RetryCause;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches writes into bulk requests and sees each through to an answer for every item.
 *
 * <p>This uses the client's bulk API directly rather than {@code BulkIngester}: the sink needs, per item,
 * to retry only what Elasticsearch answered as retriable (with our backoff, and without limit while the
 * cluster does not answer at all), to hand malformed items back to the task thread for the dead-letter
 * queue, to mark offsets done exactly when an item is acknowledged, and to bound what it holds by records
 * (put() blocks), none of which the ingester's listener and 429-only retry policy can express.
 *
 * <p>Threads: the task thread adds items and handles rejections; the client's I/O threads complete bulks;
 * one scheduler thread seals lingering batches and re-queues retries. One lock guards the queues.
 *
 * <p>Writes of one document are applied in the order they were added, whatever max.in.flight.requests
 * and retries do: {@link DocumentOrder} holds a write back while an earlier write of its document is in
 * flight or waiting for a retry, and releases it into the next batch once that one is final.
 */
final class BulkWriter implements AutoCloseable, SinkTaskMetrics.Holdings {

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
    private static final long OUTAGE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * The parts of a bulk answer the writer reads (plus those the client requires). Elasticsearch leaves
     * out the rest of every item (version, seq_no, shards, result), which roughly halves the answer the
     * client's I/O thread parses per document; an item's error object, when it has one, comes whole.
     */
    static final String RESPONSE_FIELDS = "took,errors,items.*._index,items.*.status,items.*.error";
    private static final RetryCause[] RETRY_CAUSES = RetryCause.values();

    /** What the task does, on its own thread, with an item Elasticsearch rejected as malformed. */
    interface RejectionHandler {
        void rejected(BulkItem item, String reason);
    }

    /** The writer's limits, from the config. */
    record Settings(int batchSize, long maxBytes, long lingerMs, int maxInFlight, int maxBuffered, int maxRetries,
                    Backoff backoff, long readTimeoutMs) {
        static Settings of(ElasticsearchSinkConfig config) {
            return new Settings(config.batchSize(), config.bulkSizeBytes(), config.lingerMs(),
                    config.maxInFlightRequests(), config.maxBufferedRecords(), config.maxRetries(),
                    new Backoff(config.retryBackoffMs(), config.retryBackoffMaxMs()), config.readTimeoutMs());
        }
    }

    private static final class Batch {
        final List<BulkItem> items;
        long bytes;
        /** When it was last sent, on the writer's clock. */
        long sentNanos;

        Batch(int capacity) {
            items = new ArrayList<>(capacity);
        }

        Batch(List<BulkItem> retried) {
            items = retried;
            for (BulkItem item : retried) {
                bytes += item.sizeInBytes;
            }
        }

        void add(BulkItem item) {
            items.add(item);
            bytes += item.sizeInBytes;
        }
    }

    private record Rejection(BulkItem item, String reason) {
    }

    private final ElasticsearchAsyncClient client;
    private final Settings settings;
    private final OffsetTracker offsets;
    private final ScheduledThreadPoolExecutor scheduler;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Batch> ready = new ArrayDeque<>();
    private final ArrayDeque<Rejection> rejections = new ArrayDeque<>();
    private final DocumentOrder order = new DocumentOrder();
    /** Bulks sent and not answered yet. */
    private final Set<Batch> sending = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The items of the bulks in {@link #sending}. */
    private int sendingItems;
    /** How often each partition was revoked: a write taken under an earlier assignment is stale. */
    private final Map<TopicPartition, Integer> epochs = new HashMap<>();
    private Batch open;
    private int inFlight;
    /** Items added and not final yet: in a batch, in flight, waiting for a retry or for the task thread. */
    private int pending;
    private String fatal;
    private boolean closed;
    private int outageAttempts;
    private long outageSinceNanos;
    private long outageLoggedNanos;
    private final Time time;
    private final SinkTaskMetrics metrics;

    BulkWriter(ElasticsearchAsyncClient client, Settings settings, OffsetTracker offsets, SinkTaskMetrics metrics,
               String threadName) {
        this(client, settings, offsets, metrics, threadName, Time.SYSTEM);
    }

    /**
     * @param time the clock of outages (how long one lasts, when to say so again) and of bulk latencies; waits for
     *             answers are real waits on a condition and use the system's monotonic clock
     */
    BulkWriter(ElasticsearchAsyncClient client, Settings settings, OffsetTracker offsets, SinkTaskMetrics metrics,
               String threadName, Time time) {
        this.time = time;
        this.metrics = metrics;
        this.client = withFilteredAnswers(client);
        this.settings = settings;
        this.offsets = offsets;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    private static ElasticsearchAsyncClient withFilteredAnswers(ElasticsearchAsyncClient client) {
        TransportOptions options = client._transportOptions() != null
                ? client._transportOptions()
                : client._transport().options();
        TransportOptions.Builder builder = options != null
                ? options.toBuilder()
                : new DefaultTransportOptions.Builder();
        return client.withTransportOptions(builder.setParameter("filter_path", RESPONSE_FIELDS).build());
    }

    /** Queues a write; it is sent when its batch is full, lingered long enough, or is flushed. */
    void add(BulkItem item) {
        boolean full;
        lock.lock();
        try {
            item.epoch = epochs.getOrDefault(item.partition, 0);
            if (open == null) {
                Batch batch = new Batch(Math.min(settings.batchSize(), 1024));
                open = batch;
                if (settings.lingerMs() > 0) {
                    scheduler.schedule(() -> seal(batch), settings.lingerMs(), TimeUnit.MILLISECONDS);
                }
            }
            open.add(item);
            pending++;
            full = open.items.size() >= settings.batchSize() || open.bytes >= settings.maxBytes();
            if (full) {
                enqueue(open);
                open = null;
            }
        } finally {
            lock.unlock();
        }
        if (full) {
            pump();
        }
    }

    /** Sends the batch being filled now, without waiting for linger.ms. */
    void sendOpen() {
        lock.lock();
        try {
            if (open != null && !open.items.isEmpty()) {
                enqueue(open);
                open = null;
            }
        } finally {
            lock.unlock();
        }
        pump();
    }

    private void seal(Batch batch) {
        lock.lock();
        try {
            if (open != batch) {
                return; // already sent because it filled up or was flushed
            }
            enqueue(open);
            open = null;
        } finally {
            lock.unlock();
        }
        pump();
    }

    /** Under the lock: queues a sealed batch for sending, minus the writes that must wait for an earlier one. */
    private void enqueue(Batch batch) {
        List<BulkItem> now = order.admit(batch.items);
        if (now.isEmpty()) {
            return;
        }
        ready.addLast(now.size() == batch.items.size() ? batch : new Batch(now));
    }

    /** Under the lock: queues the writes that an earlier write of their document no longer holds back. */
    private void release(List<BulkItem> finished) {
        Batch batch = null;
        for (BulkItem item : finished) {
            BulkItem next = order.finished(item);
            if (next == null) {
                continue;
            }
            if (batch != null && (batch.items.size() >= settings.batchSize() || batch.bytes >= settings.maxBytes())) {
                ready.addLast(batch);
                batch = null;
            }
            if (batch == null) {
                batch = new Batch(Math.min(settings.batchSize(), 1024));
            }
            batch.add(next);
        }
        if (batch != null) {
            ready.addLast(batch);
        }
    }

    /** Starts as many ready batches as max.in.flight.requests allows. */
    private void pump() {
        while (true) {
            Batch next;
            lock.lock();
            try {
                if (fatal != null || closed || inFlight >= settings.maxInFlight() || ready.isEmpty()) {
                    return;
                }
                next = withoutStale(ready.pollFirst());
                if (next == null) {
                    continue;
                }
                inFlight++;
                sending.add(next);
                sendingItems += next.items.size();
            } finally {
                lock.unlock();
            }
            send(next);
        }
    }

    /** Under the lock: whether the write belongs to a partition this task no longer owns as it did. */
    private boolean stale(BulkItem item) {
        return item.epoch != epochs.getOrDefault(item.partition, 0);
    }

    /**
     * Under the lock: the batch minus its stale writes, which end here (the partition's new owner writes them
     * again from the last committed offset); null when nothing is left.
     */
    private Batch withoutStale(Batch batch) {
        List<BulkItem> kept = null;
        List<BulkItem> dropped = null;
        for (int i = 0; i < batch.items.size(); i++) {
            BulkItem item = batch.items.get(i);
            if (stale(item)) {
                if (dropped == null) {
                    dropped = new ArrayList<>();
                    kept = new ArrayList<>(batch.items.subList(0, i));
                }
                dropped.add(item);
            } else if (kept != null) {
                kept.add(item);
            }
        }
        if (dropped == null) {
            return batch;
        }
        pending -= dropped.size();
        metrics.staleDropped(dropped.size());
        release(dropped);
        changed.signalAll();
        return kept.isEmpty() ? null : new Batch(kept);
    }

    private void send(Batch batch) {
        List<BulkOperation> operations = new ArrayList<>(batch.items.size());
        for (BulkItem item : batch.items) {
            operations.add(item.operation);
        }
        metrics.bulkSent(operations.size(), batch.bytes);
        batch.sentNanos = time.nanoseconds();
        CompletableFuture<BulkResponse> answer;
        try {
            answer = client.bulk(BulkRequest.of(request -> request.operations(operations)));
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            try {
                complete(batch, response, error);
            } catch (Throwable unexpected) {
                fail("unexpected error while handling a bulk response: " + unexpected);
                LOG.error("Unexpected error while handling a bulk response", unexpected);
            }
        });
    }

    private void complete(Batch batch, BulkResponse response, Throwable error) {
        long answeredNanos = time.nanoseconds();
        if (isClosed()) {
            // the task is stopping: Connect redelivers what was not acknowledged, as its offsets were not committed
            LOG.debug("A bulk of {} writes ended after the writer closed: {}", batch.items.size(),
                    error == null ? "answered" : error.toString());
            return;
        }
        List<BulkItem> retry = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<BulkItem> finished = new ArrayList<>();
        String retryReason = null;
        boolean outage = false;
        boolean timeout = false;
        int done = 0;
        List<BulkItem> current = new ArrayList<>(batch.items.size());
        boolean[] moved = null;
        List<BulkResponseItem> answers = null;
        lock.lock();
        try {
            sending.remove(batch);
            sendingItems -= batch.items.size();
            for (int i = 0; i < batch.items.size(); i++) {
                BulkItem item = batch.items.get(i);
                if (stale(item)) {
                    // its partition moved while this bulk was out: whatever Elasticsearch said, it ends here
                    if (moved == null) {
                        moved = new boolean[batch.items.size()];
                    }
                    moved[i] = true;
                    finished.add(item);
                    done++;
                } else {
                    current.add(item);
                }
            }
        } finally {
            lock.unlock();
        }
        if (done > 0) {
            metrics.staleDropped(done);
        }
        int status = error == null ? 200 : FailureClassifier.statusOf(FailureClassifier.unwrap(error));
        if (status > 0) {
            metrics.bulkAnswered((answeredNanos - batch.sentNanos) / 1_000_000.0);
        }
        if (error != null) {
            FailureClassifier.Verdict verdict = FailureClassifier.request(error);
            if (status == 429) {
                metrics.bulkThrottled();
            }
            switch (verdict.kind()) {
                case OUTAGE -> {
                    outage = true;
                    // whatever the cluster answered a probe before says nothing about the bulk's speed now
                    current.forEach(item -> item.clusterAnswered = false);
                }
                case TIMEOUT -> timeout = true;
                case RETRY -> { }
                default -> fail(verdict.reason());
            }
            if (verdict.kind() != FailureClassifier.Kind.FATAL) {
                retry.addAll(current);
                retryReason = verdict.reason();
                if (!current.isEmpty()) {
                    metrics.retried(RetryCause.of(verdict.kind(), status), current.size());
                }
            }
        } else if (response.items().size() != batch.items.size()) {
            fail("Elasticsearch answered " + response.items().size() + " items to a bulk of " + batch.items.size());
        } else {
            answers = response.items();
        }
        int written = 0;
        int conflicts = 0;
        int[] retriesByCause = null;
        for (int i = 0; answers != null && i < answers.size(); i++) {
            BulkItem item = batch.items.get(i);
            if (moved != null && moved[i]) {
                continue;
            }
            BulkResponseItem answer = answers.get(i);
            FailureClassifier.Verdict verdict = FailureClassifier.item(answer, item.conflictMeansDone);
            switch (verdict.kind()) {
                case DONE -> {
                    offsets.complete(item.offset);
                    finished.add(item);
                    done++;
                    if (answer.status() == 409) {
                        conflicts++;
                    } else {
                        written++;
                    }
                }
                case RETRY -> {
                    retry.add(item);
                    retryReason = verdict.reason();
                    if (retriesByCause == null) {
                        retriesByCause = new int[RETRY_CAUSES.length];
                    }
                    retriesByCause[RetryCause.of(FailureClassifier.Kind.RETRY, answer.status()).ordinal()]++;
                }
                case MALFORMED -> {
                    // final for Elasticsearch now; the task thread's reporting does not touch the index
                    rejected.add(new Rejection(item, verdict.reason()));
                    finished.add(item);
                }
                default -> fail(verdict.reason() + " (record " + item.coordinates() + ")");
            }
        }
        recordItems(written, conflicts, retriesByCause);
        int attempt = 0;
        lock.lock();
        try {
            inFlight--;
            pending -= done;
            rejections.addAll(rejected);
            release(finished);
            if (outage) {
                attempt = outageStarts();
            } else if (outageAttempts > 0 && !timeout) {
                LOG.info("Elasticsearch answers again after {} s without answers",
                        (time.nanoseconds() - outageSinceNanos) / 1_000_000_000L);
                outageAttempts = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (timeout && !retry.isEmpty()) {
            retryAfterTimeout(retry, retryReason);
        } else if (!retry.isEmpty()) {
            scheduleRetry(retry, outage, attempt, retryReason);
        }
        pump();
    }

    private void recordItems(int written, int conflicts, int[] retriesByCause) {
        if (written > 0) {
            metrics.documentsWritten(written);
        }
        if (conflicts > 0) {
            metrics.conflictsSkipped(conflicts);
        }
        if (retriesByCause == null) {
            return;
        }
        if (retriesByCause[RetryCause.THROTTLED.ordinal()] > 0) {
            metrics.bulkThrottled();
        }
        for (RetryCause cause : RETRY_CAUSES) {
            if (retriesByCause[cause.ordinal()] > 0) {
                metrics.retried(cause, retriesByCause[cause.ordinal()]);
            }
        }
    }

    /** Under the lock: counts one more bulk without an answer; the attempt number of its retry. */
    private int outageStarts() {
        if (outageAttempts == 0) {
            outageSinceNanos = time.nanoseconds();
        }
        return outageAttempts++;
    }

    /**
     * A bulk got no answer within read.timeout.ms. It is retried up to max.retries times; after that the
     * writer asks the cluster for its name. If no answer comes either, it is an outage and retried without limit
     * like one. If that answer comes, the cluster is there now, but the bulk's timeouts may still have been the
     * network's: a connection that a NAT or a failover dropped without a reset stays silent, and a black hole
     * that just healed answers the probe on a new connection. So the bulk is sent once more; only when it times
     * out again and the cluster still answers is the bulk itself too slow for it, which no retry fixes, and the
     * task fails saying what to change.
     */
    private void retryAfterTimeout(List<BulkItem> items, String reason) {
        int timeouts = 0;
        long bytes = 0;
        for (BulkItem item : items) {
            timeouts = Math.max(timeouts, ++item.timeouts);
            bytes += item.sizeInBytes;
        }
        if (timeouts <= settings.maxRetries()) {
            long delay = settings.backoff().delayMs(timeouts - 1);
            LOG.warn("Elasticsearch did not answer a bulk of {} writes within read.timeout.ms ({} ms: {}); retrying "
                    + "in {} ms (attempt {} of {})", items.size(), settings.readTimeoutMs(), reason, delay, timeouts,
                    settings.maxRetries());
            requeue(new Batch(items), delay);
            return;
        }
        int count = timeouts;
        long size = bytes;
        CompletableFuture<?> probe;
        try {
            probe = client.info();
        } catch (Exception e) {
            probe = CompletableFuture.failedFuture(e);
        }
        probe.whenComplete((info, probeError) -> {
            if (probeError == null || FailureClassifier.statusOf(FailureClassifier.unwrap(probeError)) > 0) {
                if (items.stream().noneMatch(item -> item.clusterAnswered)) {
                    items.forEach(item -> item.clusterAnswered = true);
                    long delay = settings.backoff().delayMs(0);
                    LOG.warn("Elasticsearch answers, but did not answer a bulk of {} writes within read.timeout.ms "
                            + "{} times in a row ({}); its connection may have died on the way (a NAT or a failover "
                            + "that sent no reset), so it is sent once more in {} ms before the task fails",
                            items.size(), count, reason, delay);
                    requeue(new Batch(items), delay);
                    return;
                }
                fail("Elasticsearch answers, but not a bulk of " + items.size() + " writes (" + size + " bytes) "
                        + "within read.timeout.ms (" + settings.readTimeoutMs() + " ms), " + count + " times in a "
                        + "row (" + reason + "): raise read.timeout.ms, lower batch.size or bulk.size.bytes, or "
                        + "look for what slows the cluster's writes (red indices, unassigned shards, hot nodes)");
                return;
            }
            // an outage, as above
            items.forEach(item -> item.clusterAnswered = false);
            int attempt;
            lock.lock();
            try {
                attempt = outageStarts();
            } finally {
                lock.unlock();
            }
            scheduleRetry(items, true, attempt, reason);
        });
    }

    private void scheduleRetry(List<BulkItem> items, boolean outage, int outageAttempt, String reason) {
        int attempt = outageAttempt;
        if (!outage) {
            for (BulkItem item : items) {
                item.attempts++;
                if (item.attempts > settings.maxRetries()) {
                    fail("Elasticsearch still answered '" + reason + "' after " + settings.maxRetries() + " retries of "
                            + "record " + item.coordinates() + "; the cluster is overloaded or failing: add capacity, "
                            + "or raise max.retries or retry.backoff.max.ms");
                    return;
                }
                attempt = Math.max(attempt, item.attempts - 1);
            }
        }
        long delay = settings.backoff().delayMs(attempt);
        if (outage) {
            logOutage(reason);
        } else {
            LOG.warn("Elasticsearch asked to retry {} writes ({}); retrying in {} ms (attempt {} of {})",
                    items.size(), reason, delay, attempt + 1, settings.maxRetries());
        }
        requeue(new Batch(items), delay);
    }

    /** Puts a batch back at the head of the queue after {@code delay} ms; nothing once the writer closed. */
    private void requeue(Batch batch, long delay) {
        if (isClosed()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                lock.lock();
                try {
                    ready.addFirst(batch);
                } finally {
                    lock.unlock();
                }
                pump();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("A retry of {} writes was not scheduled: the writer closed", batch.items.size());
        }
    }

    /** Once when an outage starts and then every half minute: every retried batch would flood the log. */
    private void logOutage(String reason) {
        long now = time.nanoseconds();
        int waiting;
        lock.lock();
        try {
            if (outageLoggedNanos != 0 && now - outageLoggedNanos < OUTAGE_LOG_INTERVAL_NANOS && outageAttempts > 1) {
                return;
            }
            outageLoggedNanos = now;
            waiting = pending;
        } finally {
            lock.unlock();
        }
        LOG.warn("Elasticsearch does not answer ({}); {} records wait, retried without limit every {} ms at most",
                reason, waiting, settings.backoff().ceilingMs(Integer.MAX_VALUE));
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void fail(String reason) {
        lock.lock();
        try {
            if (closed) {
                LOG.debug("After the writer closed: {}", reason);
            } else if (fatal == null) {
                fatal = reason;
                LOG.error("Elasticsearch sink task fails: {}", reason);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Task thread: throws the failure that ends the task, if one happened. */
    void throwIfFailed() {
        lock.lock();
        try {
            if (fatal != null) {
                throw new ConnectException(fatal);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Task thread: hands rejected items to {@code handler}; each is final (and its offset done) after. */
    void handleRejections(RejectionHandler handler) {
        while (true) {
            Rejection rejection;
            lock.lock();
            try {
                rejection = rejections.pollFirst();
            } finally {
                lock.unlock();
            }
            if (rejection == null) {
                return;
            }
            handler.rejected(rejection.item(), rejection.reason());
            offsets.complete(rejection.item().offset);
            lock.lock();
            try {
                pending--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Task thread: waits until {@code records} more fit under max.buffered.records (or nothing is pending:
     * a put() larger than the limit still goes through, alone). False when the timeout passed first.
     */
    boolean awaitRoom(int records, long timeoutMs, RejectionHandler handler) throws InterruptedException {
        return await(timeoutMs, handler, () -> pending == 0 || pending + records <= settings.maxBuffered());
    }

    /**
     * Task thread, when Connect revokes {@code partitions}: their writes that wait to be sent or to be retried
     * are dropped, since the partitions' next owner writes them again from the last committed offset and a
     * retry landing after its writes would undo them; then waits up to {@code timeoutMs} for the bulks in
     * flight that hold some. False when one is still out after that.
     */
    boolean revoke(Collection<TopicPartition> partitions, long timeoutMs, RejectionHandler handler)
            throws InterruptedException {
        lock.lock();
        try {
            for (TopicPartition partition : partitions) {
                epochs.merge(partition, 1, Integer::sum);
            }
            for (int i = ready.size(); i > 0; i--) {
                Batch kept = withoutStale(ready.pollFirst());
                if (kept != null) {
                    ready.addLast(kept);
                }
            }
        } finally {
            lock.unlock();
        }
        pump();
        return await(timeoutMs, handler, () -> {
            for (Batch batch : sending) {
                for (BulkItem item : batch.items) {
                    if (stale(item)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Task thread: sends what is open and waits until every item is final. False on timeout. */
    boolean awaitIdle(long timeoutMs, RejectionHandler handler) throws InterruptedException {
        sendOpen();
        return await(timeoutMs, handler, () -> pending == 0);
    }

    private interface Guarded {
        boolean holds();
    }

    private boolean await(long timeoutMs, RejectionHandler handler, Guarded condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            handleRejections(handler);
            throwIfFailed();
            lock.lock();
            try {
                if (condition.holds()) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (rejections.isEmpty() && fatal == null) {
                    changed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200)));
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public int bufferedRecords() {
        lock.lock();
        try {
            return pending - sendingItems;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int inFlightRecords() {
        lock.lock();
        try {
            return sendingItems;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int inFlightBulks() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long outageTimeMs() {
        lock.lock();
        try {
            return outageAttempts == 0 ? 0 : (time.nanoseconds() - outageSinceNanos) / 1_000_000;
        } finally {
            lock.unlock();
        }
    }

    /** Items not final yet. */
    int pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops sending and retrying; what is not acknowledged is redelivered by Connect, as offsets were not
     * committed.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        scheduler.shutdownNow();
    }
}
