package io.tributary.connect.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import io.tributary.connect.elasticsearch.FailureClassifier.Kind;
import io.tributary.connect.elasticsearch.FailureClassifier.RetryCause;
import io.tributary.connect.elasticsearch.FailureClassifier.Verdict;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static ErrorCause error(String type, String reason) {
        return ErrorCause.of(e -> e.type(type).reason(reason));
    }

    @Test
    void acknowledgedAndAlreadyDeletedItemsAreDone() {
        assertEquals(Kind.DONE, FailureClassifier.item(201, null, "orders", false).kind());
        assertEquals(Kind.DONE, FailureClassifier.item(404, null, "orders", false).kind());
    }

    @Test
    void rejectionsAndUnavailableShardsAreRetried() {
        assertEquals(Kind.RETRY, FailureClassifier.item(429,
                error("es_rejected_execution_exception", "queue full"), "orders", false).kind());
        assertEquals(Kind.RETRY, FailureClassifier.item(503,
                error("unavailable_shards_exception", "primary not active"), "orders", false).kind());
    }

    @Test
    void versionConflictsOfVersionedWritesAreExpected() {
        ErrorCause conflict = error("version_conflict_engine_exception", "current version [9] is higher");

        assertEquals(Kind.DONE, FailureClassifier.item(409, conflict, "orders", true).kind());
        assertEquals(Kind.RETRY, FailureClassifier.item(409, conflict, "orders", false).kind());
    }

    @Test
    void mappingErrorsConcernOnlyTheirRecord() {
        FailureClassifier.Verdict verdict = FailureClassifier.item(400,
                error("document_parsing_exception", "failed to parse field [age] of type [long]"), "orders", false);

        assertEquals(new FailureClassifier.Verdict(Kind.MALFORMED,
                "document_parsing_exception: failed to parse field [age] of type [long]"), verdict);
    }

    @Test
    void aMissingIndexOrMissingPrivilegeFailsTheTask() {
        assertEquals(Kind.FATAL, FailureClassifier.item(404,
                error("index_not_found_exception", "no such index"), "orders", false).kind());
        // a delete there has nothing to remove: done, not fatal
        assertEquals(Kind.DONE, FailureClassifier.item(404,
                error("index_not_found_exception", "no such index"), "orders", false, true).kind());
        assertEquals(Kind.FATAL, FailureClassifier.item(403,
                error("security_exception", "unauthorized"), "orders", false).kind());
    }

    @Test
    void noAnswerAtAllIsAnOutage() {
        FailureClassifier.Verdict verdict = FailureClassifier.request(
                new CompletionException(new ConnectException("Connection refused")));

        assertEquals(new FailureClassifier.Verdict(Kind.OUTAGE, "ConnectException: Connection refused"), verdict);
    }

    @Test
    void aRequestSentButNotAnsweredInTimeIsATimeoutNotAnOutage() {
        FailureClassifier.Verdict verdict = FailureClassifier.request(new CompletionException(
                new java.net.SocketTimeoutException("30,000 milliseconds timeout on connection http-outgoing-0")));

        assertEquals(new FailureClassifier.Verdict(Kind.TIMEOUT,
                "SocketTimeoutException: 30,000 milliseconds timeout on connection http-outgoing-0"), verdict);
    }

    @Test
    void aConnectTimeoutIsAnOutage() {
        FailureClassifier.Verdict verdict = FailureClassifier.request(
                new CompletionException(new ConnectException("Timeout connecting to [/10.0.0.9:9200]")));

        assertEquals(Kind.OUTAGE, verdict.kind());
    }

    @Test
    void describesARejectionWithoutTheDocumentsValues() {
        ErrorCause error = ErrorCause.of(e -> e.type("document_parsing_exception")
                .reason("[1:27] failed to parse field [age] of type [long] in document with id 'p-2'. Preview of "
                        + "field's value: 'thirty-four, card 4111 1111'")
                .causedBy(c -> c.type("illegal_argument_exception").reason("For input string: \"thirty-four\"")));

        assertEquals("document_parsing_exception: [1:27] failed to parse field [age] of type [long] in document "
                + "with id [hidden] (caused by illegal_argument_exception: For input string: [hidden])",
                FailureClassifier.describe(error));
    }

    @Test
    void keepsAReasonWithoutValuesAsItIs() {
        assertEquals("mapper [age] cannot be changed from type [long] to [text].",
                FailureClassifier.withoutValues("mapper [age] cannot be changed from type [long] to [text]."));
    }

    @Test
    void namesTheCauseOfEachRetryForTheMetrics() {
        assertEquals(RetryCause.THROTTLED, RetryCause.of(Kind.RETRY, 429));
        assertEquals(RetryCause.SERVER_ERROR, RetryCause.of(Kind.RETRY, 503));
        assertEquals(RetryCause.SERVER_ERROR, RetryCause.of(Kind.RETRY, 500));
        assertEquals(RetryCause.CONFLICT, RetryCause.of(Kind.RETRY, 409));
        assertEquals(RetryCause.OTHER, RetryCause.of(Kind.RETRY, 302));
        assertEquals(RetryCause.TIMEOUT, RetryCause.of(Kind.TIMEOUT, 0));
        assertEquals(RetryCause.UNREACHABLE, RetryCause.of(Kind.OUTAGE, 0));
    }

    @Test
    void everyRetryTheClassifierDecidesHasACause() {
        ErrorCause unavailable = error("unavailable_shards_exception", "primary not active");
        Verdict item = FailureClassifier.item(503, unavailable, "orders", false);
        Verdict refused = FailureClassifier.request(
                new CompletionException(new ConnectException("Connection refused")));

        assertEquals(RetryCause.SERVER_ERROR, RetryCause.of(item.kind(), 503));
        assertEquals(RetryCause.UNREACHABLE, RetryCause.of(refused.kind(), 0));
        assertEquals("server-error", RetryCause.SERVER_ERROR.tag());
    }
}
