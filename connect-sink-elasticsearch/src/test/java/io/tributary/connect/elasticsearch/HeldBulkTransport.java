package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.Endpoint;
import co.elastic.clients.transport.TransportOptions;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A transport that records the writer's bulks instead of sending them and answers only what the test completes,
 * so which writes are in flight together, and what a retry does, is decided by the test and not by timing.
 */
final class HeldBulkTransport implements ElasticsearchTransport {

    /** One bulk the writer sent: its writes, by label, and the answer it waits for. */
    record Sent(List<String> writes, CompletableFuture<BulkResponse> answer) {
    }

    private final JsonpMapper mapper = new JacksonJsonpMapper();
    private final List<Sent> sent = new ArrayList<>();
    private final List<CompletableFuture<Object>> probes = new ArrayList<>();
    private final Map<BulkOperation, String> labels = new IdentityHashMap<>();

    /** Names {@code operation} {@code label} in what {@link #sentWrites()} shows. */
    void label(BulkOperation operation, String label) {
        synchronized (sent) {
            labels.put(operation, label);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <RequestT, ResponseT, ErrorT> CompletableFuture<ResponseT> performRequestAsync(
            RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
        if (!(request instanceof BulkRequest bulk)) {
            // the writer's question whether the cluster answers at all
            CompletableFuture<Object> answer = new CompletableFuture<>();
            synchronized (sent) {
                probes.add(answer);
                sent.notifyAll();
            }
            return (CompletableFuture<ResponseT>) answer;
        }
        CompletableFuture<BulkResponse> answer = new CompletableFuture<>();
        synchronized (sent) {
            List<String> writes = new ArrayList<>();
            for (BulkOperation operation : bulk.operations()) {
                writes.add(labels.get(operation));
            }
            sent.add(new Sent(writes, answer));
            sent.notifyAll();
        }
        return (CompletableFuture<ResponseT>) answer;
    }

    @Override
    public <RequestT, ResponseT, ErrorT> ResponseT performRequest(
            RequestT request, Endpoint<RequestT, ResponseT, ErrorT> endpoint, TransportOptions options) {
        throw new UnsupportedOperationException("the writer only sends asynchronously");
    }

    @Override
    public JsonpMapper jsonpMapper() {
        return mapper;
    }

    @Override
    public TransportOptions options() {
        return null;
    }

    @Override
    public void close() {
    }

    /** Bulk number {@code index} (from 0), once the writer has sent it; fails after 10 s. */
    Sent awaitSent(int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (sent) {
            while (sent.size() <= index) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "bulk " + index + " was never sent; sent: " + sent);
                sent.wait(left);
            }
            return sent.get(index);
        }
    }

    /** Probe number {@code index}: the writer asking whether the cluster answers at all. */
    CompletableFuture<Object> awaitProbe(int index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (sent) {
            while (probes.size() <= index) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertTrue(left > 0, "the writer never asked whether the cluster answers");
                sent.wait(left);
            }
            return probes.get(index);
        }
    }

    /** The labels of the writes of every bulk sent so far, in order. */
    List<List<String>> sentWrites() {
        synchronized (sent) {
            return sent.stream().map(Sent::writes).toList();
        }
    }

    /**
     * An answer to {@code bulk} (of deletes of documents whose id is the label's first letter) with one status per
     * write; a 429 or 409 comes with the error Elasticsearch gives it.
     */
    static BulkResponse answer(Sent bulk, int... statuses) {
        List<BulkResponseItem> items = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            int status = statuses[i];
            String id = bulk.writes().get(i).substring(0, 1);
            items.add(BulkResponseItem.of(item -> {
                item.operationType(OperationType.Delete).index("orders").id(id).status(status);
                if (status == 429) {
                    item.error(ErrorCause.of(e -> e.type("es_rejected_execution_exception").reason("queue full")));
                } else if (status == 409) {
                    item.error(ErrorCause.of(e -> e.type("version_conflict_engine_exception")
                            .reason("current version is higher")));
                }
                return item;
            }));
        }
        return BulkResponse.of(r -> r.errors(false).took(1).items(items));
    }

    /** What the client's I/O thread reports when no answer came within the socket timeout. */
    static SocketTimeoutException readTimeout() {
        return new SocketTimeoutException("30,000 milliseconds timeout on connection http-outgoing-0 [ACTIVE]");
    }
}
