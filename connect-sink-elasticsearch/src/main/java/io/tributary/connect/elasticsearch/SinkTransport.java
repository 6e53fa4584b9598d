package io.tributary.connect.elasticsearch;

import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.rest_client.RestClientHttpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.elasticsearch.client.RestClient;

/**
 * The client's transport over the low-level {@link RestClient}, as {@code RestClientTransport} is, except
 * that a request body of several buffers reaches the HTTP client as one.
 *
 * <p>Why: the client hands a bulk body over as one buffer per NDJSON line, and the HTTP client's entity
 * writes one buffer per turn of its I/O reactor. A bulk of 2,000 documents thus took about 4,000 socket
 * writes and as many wake-ups; measured, those I/O threads were most of the sink's CPU per document
 * (three fifths of it in the kernel). Joined, the body goes out in as few writes as the socket accepts.
 * The join copies the body once (a few megabytes at most, bounded by bulk.size.bytes per request).
 */
final class SinkTransport extends ElasticsearchTransportBase {

    SinkTransport(RestClient restClient, JsonpMapper mapper) {
        super(new JoiningHttpClient(new RestClientHttpClient(restClient)), null, mapper);
    }

    /** Passes every call through, with a multi-buffer body joined into one buffer. */
    static final class JoiningHttpClient implements TransportHttpClient {

        private final TransportHttpClient delegate;

        JoiningHttpClient(TransportHttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public TransportOptions createOptions(TransportOptions options) {
            return delegate.createOptions(options);
        }

        @Override
        public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
                throws IOException {
            return delegate.performRequest(endpointId, node, joined(request), options);
        }

        @Override
        public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                               TransportOptions options) {
            return delegate.performRequestAsync(endpointId, node, joined(request), options);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        static Request joined(Request request) {
            Iterable<ByteBuffer> body = request.body();
            if (body == null) {
                return request;
            }
            int buffers = 0;
            long bytes = 0;
            for (ByteBuffer buffer : body) {
                buffers++;
                bytes += buffer.remaining();
            }
            if (buffers < 2 || bytes > Integer.MAX_VALUE) {
                return request;
            }
            ByteBuffer whole = ByteBuffer.allocate((int) bytes);
            for (ByteBuffer buffer : body) {
                whole.put(buffer.duplicate());
            }
            whole.flip();
            return new Request(request.method(), request.path(), request.queryParams(), request.headers(),
                    List.of(whole));
        }
    }
}
