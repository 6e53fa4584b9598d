package io.tributary.connect.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import io.tributary.connect.common.Redaction;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.elasticsearch.client.ResponseException;

/**
 * Sorts Elasticsearch's answers into what the writer does with them: done, retry (counted against
 * max.retries), outage (no answer at all: retried until the cluster is back), timeout (the request went out
 * but no answer came within read.timeout.ms: retried, and once max.retries is spent the writer asks whether
 * the cluster answers at all), malformed (this record only: behavior.on.malformed.documents), or fatal for
 * the task (nothing a retry or a skip can fix).
 */
final class FailureClassifier {

    enum Kind { DONE, RETRY, OUTAGE, TIMEOUT, MALFORMED, FATAL }

    /**
     * Why a write is retried, as the task's metrics tell it apart (the {@code cause} tag of write-retry-total). Each
     * has its own remedy: throttling wants fewer or smaller bulks or more capacity, server errors and timeouts a look
     * at the cluster, an unreachable cluster the network or the nodes.
     */
    enum RetryCause {
        /** 429: Elasticsearch's queues are full or an index block refuses writes. */
        THROTTLED("throttled"),
        /** 5xx: a shard unavailable, a node failing. */
        SERVER_ERROR("server-error"),
        /** 409 of a write whose conflict is not expected (an update racing another writer). */
        CONFLICT("conflict"),
        /** No answer within read.timeout.ms. */
        TIMEOUT("timeout"),
        /** No answer at all: connection refused or reset, no route, unknown host. */
        UNREACHABLE("unreachable"),
        /** Any other answer the classifier retries (an item status of 300 or more without an error). */
        OTHER("other");

        private final String tag;

        RetryCause(String tag) {
            this.tag = tag;
        }

        /** The value of the metrics' {@code cause} tag. */
        String tag() {
            return tag;
        }

        /** The cause of a retry classified {@code kind} after an answer with HTTP {@code status} (0: none). */
        static RetryCause of(Kind kind, int status) {
            if (kind == Kind.OUTAGE) {
                return UNREACHABLE;
            }
            if (kind == Kind.TIMEOUT) {
                return TIMEOUT;
            }
            if (status == 429) {
                return THROTTLED;
            }
            if (status >= 500) {
                return SERVER_ERROR;
            }
            return status == 409 ? CONFLICT : OTHER;
        }
    }

    /** A classification and the reason to log, report or fail with. */
    record Verdict(Kind kind, String reason) {
        static final Verdict DONE = new Verdict(Kind.DONE, null);
    }

    private FailureClassifier() {
    }

    /** One item of a bulk response. */
    static Verdict item(BulkResponseItem item, boolean conflictMeansDone) {
        return item(item.status(), item.error(), item.index(), conflictMeansDone,
                item.operationType() == co.elastic.clients.elasticsearch.core.bulk.OperationType.Delete);
    }

    static Verdict item(int status, ErrorCause error, String index, boolean conflictMeansDone) {
        return item(status, error, index, conflictMeansDone, false);
    }

    static Verdict item(int status, ErrorCause error, String index, boolean conflictMeansDone, boolean delete) {
        if (error == null) {
            // a delete of a document that is not there answers 404 without an error: the goal is reached
            return status < 300 || status == 404 ? Verdict.DONE : new Verdict(Kind.RETRY, "status " + status);
        }
        String reason = describe(error);
        if (status == 409) {
            return conflictMeansDone ? Verdict.DONE : new Verdict(Kind.RETRY, reason);
        }
        if (status == 429 || status >= 500) {
            return new Verdict(Kind.RETRY, reason);
        }
        if (status == 401 || status == 403) {
            return new Verdict(Kind.FATAL, "Elasticsearch refused to write to index '" + index + "' (" + status + " "
                    + reason + "); give the connector's user the privileges to write to it");
        }
        if ("index_not_found_exception".equals(error.type()) && delete) {
            // a tombstone for a document whose index was never created: the document is absent, as asked
            return Verdict.DONE;
        }
        if ("index_not_found_exception".equals(error.type())) {
            return new Verdict(Kind.FATAL, "index '" + index + "' does not exist and Elasticsearch does not create "
                    + "it (" + reason + "); create the index, allow action.auto_create_index for it, or set "
                    + "mapping.from.schema=true");
        }
        return new Verdict(Kind.MALFORMED, reason);
    }

    /** A bulk request that failed as a whole. */
    static Verdict request(Throwable failure) {
        Throwable error = unwrap(failure);
        int status = statusOf(error);
        String reason = error instanceof ElasticsearchException es && es.error() != null
                ? describe(es.error())
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        if (status <= 0) {
            return new Verdict(timedOut(error) ? Kind.TIMEOUT : Kind.OUTAGE, reason);
        }
        if (status == 429 || status >= 500) {
            return new Verdict(Kind.RETRY, "status " + status + ", " + reason);
        }
        if (status == 401) {
            return new Verdict(Kind.FATAL, "Elasticsearch rejected the credentials (401); check connection.username "
                    + "and connection.password, or connection.api.key");
        }
        if (status == 403) {
            return new Verdict(Kind.FATAL, "Elasticsearch refused the bulk request (403 " + reason + "); give the "
                    + "connector's user the privileges to write to the target indices");
        }
        if (status == 413) {
            return new Verdict(Kind.FATAL, "Elasticsearch refused a bulk request as too large (413); lower "
                    + "bulk.size.bytes below its http.max_content_length");
        }
        return new Verdict(Kind.FATAL, "Elasticsearch refused the bulk request (" + status + " " + reason + ")");
    }

    /**
     * Whether the request was sent and its answer did not come within the socket (read) timeout; a connect
     * timeout is a {@link java.net.ConnectException} and means no answer at all, like a refused connection.
     */
    static boolean timedOut(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while ((error instanceof CompletionException || error instanceof ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    /** The HTTP status Elasticsearch answered with, or 0 when no answer came (connection, timeout). */
    static int statusOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ElasticsearchException es) {
                return es.status();
            }
            if (cause instanceof TransportException transport) {
                int status = transportStatus(transport);
                if (status > 0) {
                    return status;
                }
            }
            if (cause instanceof ResponseException response) {
                return response.getResponse().getStatusLine().getStatusCode();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return 0;
    }

    private static int transportStatus(TransportException transport) {
        try {
            return transport.statusCode();
        } catch (RuntimeException e) {
            return 0; // raised before any response arrived
        }
    }

    /**
     * {@code type: reason (caused by type: reason)}, without the document's values: this text goes into the
     * task's log, its failure message and the dead-letter queue's headers, and Elasticsearch 8.18+ puts a
     * preview of the offending value into parsing errors ({@code Preview of field's value: '...'}), as do
     * number parsers ({@code For input string: "..."}).
     */
    static String describe(ErrorCause error) {
        StringBuilder text = new StringBuilder();
        text.append(error.type()).append(": ").append(withoutValues(error.reason()));
        ErrorCause cause = error.causedBy();
        if (cause != null) {
            text.append(" (caused by ").append(cause.type()).append(": ").append(withoutValues(cause.reason()))
                    .append(')');
        }
        return text.toString();
    }

    private static final String VALUE_PREVIEW = "Preview of field's value:";
    /** A quoted stretch of text: where Elasticsearch and the JVM's parsers put the text they could not take. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");

    /** The reason with any value preview cut off and quoted text hidden; field names ([name]) stay. */
    static String withoutValues(String reason) {
        if (reason == null) {
            return "";
        }
        int preview = reason.indexOf(VALUE_PREVIEW);
        String text = reason;
        if (preview >= 0) {
            text = reason.substring(0, preview).stripTrailing();
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return QUOTED.matcher(text).replaceAll(Redaction.PLACEHOLDER);
    }
}
