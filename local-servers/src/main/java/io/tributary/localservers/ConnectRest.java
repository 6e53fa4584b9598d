package io.tributary.localservers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The Connect REST API of one worker, as curl would use it: the same endpoints and JSON a user sends.
 * {@link #exchange} answers whatever the worker answers; {@link #send} turns a non-2xx answer into a
 * {@link ConnectRestException} with the worker's message.
 */
public final class ConnectRest {

    /** An answer: the HTTP status and the JSON body (an empty object when there is none). */
    public record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code base}: the worker's REST address, e.g. {@code http://127.0.0.1:8083}. */
    public ConnectRest(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    public ConnectRest(String base) {
        this(URI.create(base));
    }

    /** The worker's address, ending with {@code /}. */
    public URI baseUrl() {
        return base;
    }

    /** Any request, whatever the status of its answer; {@code path} is relative to the worker's address. */
    public Answer exchange(String method, String path, String jsonBody) {
        HttpResponse<String> response = request(method, path, jsonBody);
        return new Answer(response.statusCode(), parse(method, path, response.body()));
    }

    /** Any request; answers the parsed JSON body (an empty object for 204), or throws on a non-2xx answer. */
    public JsonNode send(String method, String path, String jsonBody) {
        HttpResponse<String> response = request(method, path, jsonBody);
        if (response.statusCode() / 100 != 2) {
            throw new ConnectRestException(method + " " + path, response.statusCode(), response.body());
        }
        return parse(method, path, response.body());
    }

    /** {@code GET /connectors?expand=status}: per connector, its {@code status} object. */
    public JsonNode statuses() {
        return send("GET", "connectors?expand=status", null);
    }

    /**
     * True when every named connector and each of its (at least one) tasks is RUNNING, on the given worker
     * if {@code workerId} is not null. A status that names a dead worker stays RUNNING until the group
     * rebalances, which is why failover checks pin the worker.
     */
    public boolean allRunning(Collection<String> connectors, String workerId) {
        JsonNode statuses;
        try {
            statuses = statuses();
        } catch (RuntimeException e) {
            return false; // the worker is rebalancing or restarting
        }
        for (String name : connectors) {
            JsonNode status = statuses.path(name).path("status");
            if (!running(status.path("connector"), workerId) || status.path("tasks").isEmpty()) {
                return false;
            }
            for (JsonNode task : status.path("tasks")) {
                if (!running(task, workerId)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The worker ids that run a task of the connector. */
    public List<String> taskWorkers(String connector) {
        return statuses().path(connector).path("status").path("tasks").findValuesAsText("worker_id");
    }

    private static boolean running(JsonNode state, String workerId) {
        return "RUNNING".equals(state.path("state").asText())
                && (workerId == null || workerId.equals(state.path("worker_id").asText()));
    }

    private HttpResponse<String> request(String method, String path, String jsonBody) {
        URI url = base.resolve(path.startsWith("/") ? path.substring(1) : path);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (jsonBody == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static JsonNode parse(String method, String path, String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON from " + method + " " + path + ": " + body, e);
        }
    }
}
