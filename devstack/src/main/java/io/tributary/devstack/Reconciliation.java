package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reconciles a source table with the index a pipeline keeps from it: every row must have a document
 * with the same id and the same content (compared by a hash of the fields the pipeline carries), and no
 * document may lack its row. Migration teams run this before a cutover.
 */
final class Reconciliation {

    /** One table-to-index pair: the rows' ids and content as the index should show them. */
    record Pair(String table, String index, String sql, Function<ResultSet, String> rowContent,
                Function<JsonNode, String> documentContent) {
    }

    /** What differs: ids without a document, documents without a row, and documents with other content. */
    record Difference(Pair pair, long rows, long documents, List<String> missing, List<String> extra,
                      List<String> stale) {

        boolean isClean() {
            return missing.isEmpty() && extra.isEmpty() && stale.isEmpty();
        }

        String describe() {
            return String.format("%-18s -> %-18s rows %d, documents %d: %s", pair.table(), pair.index(), rows,
                    documents, isClean() ? "in step"
                            : "missing " + head(missing) + ", extra " + head(extra) + ", stale " + head(stale));
        }

        private static String head(List<String> ids) {
            return ids.size() + (ids.isEmpty() ? "" : " " + ids.subList(0, Math.min(10, ids.size()))
                    + (ids.size() > 10 ? "..." : ""));
        }
    }

    /**
     * The pipelines of configs/ that mirror a table: the CDC read model in full, the ETL index by the fields it
     * keeps.
     */
    static final List<Pair> PIPELINES = List.of(
            new Pair("orders", "orders-read-model",
                    "SELECT ord_id AS id, cust_id, ord_total, ord_status FROM orders",
                    row -> hash(column(row, "cust_id"), decimal(column(row, "ord_total")), column(row, "ord_status")),
                    doc -> hash(doc.path("cust_id").asText(), decimal(doc.path("ord_total").asText()),
                            doc.path("ord_status").asText())),
            new Pair("customers", "customers",
                    "SELECT cust_id AS id, cust_nm, cust_phone FROM customers",
                    row -> hash(column(row, "cust_nm"), keepLast4(column(row, "cust_phone"))),
                    doc -> hash(doc.path("name").asText(), doc.path("phone").asText())));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 10_000;

    private final StackLayout layout;
    private final LegacyDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Reconciliation(StackLayout layout, LegacyDatabase database) {
        this.layout = layout;
        this.database = database;
    }

    Difference check(Pair pair) throws SQLException, IOException, InterruptedException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = database.connect(StackLayout.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(pair.sql())) {
            while (result.next()) {
                rows.put(result.getString("id"), pair.rowContent().apply(result));
            }
        }
        Map<String, String> documents = documents(pair);
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        rows.forEach((id, content) -> {
            String document = documents.get(id);
            if (document == null) {
                missing.add(id);
            } else if (!document.equals(content)) {
                stale.add(id);
            }
        });
        List<String> extra = new ArrayList<>(new TreeSet<>(documents.keySet()));
        extra.removeAll(rows.keySet());
        return new Difference(pair, rows.size(), documents.size(), missing, extra, stale);
    }

    /** Every document of the index by id, through search_after pages sorted by the row id the pipeline indexed. */
    private Map<String, String> documents(Pair pair) throws IOException, InterruptedException {
        Map<String, String> documents = new TreeMap<>();
        send("POST", "/" + pair.index() + "/_refresh", null);
        String after = null;
        while (true) {
            String body = "{\"size\":" + PAGE + ",\"sort\":[{\"_doc\":\"asc\"}]"
                    + (after == null ? "" : ",\"search_after\":" + after) + "}";
            JsonNode hits = send("POST", "/" + pair.index() + "/_search", body).path("hits").path("hits");
            if (hits.isEmpty()) {
                return documents;
            }
            hits.forEach(hit -> documents.put(hit.path("_id").asText(),
                    pair.documentContent().apply(hit.path("_source"))));
            after = hits.get(hits.size() - 1).path("sort").toString();
        }
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(layout.elasticsearchUrl() + path))
                .timeout(Duration.ofSeconds(30));
        request.method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return JSON.createObjectNode(); // no index yet: every row is missing
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String column(ResultSet row, String name) {
        try {
            return row.getString(name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decimals compare by value: the index may hold 13.4 for the row's 13.40. */
    private static String decimal(String value) {
        return value == null || value.isEmpty() ? "" : new BigDecimal(value).stripTrailingZeros().toPlainString();
    }

    /** The ETL pipeline's Mask keep-last:4, so a masked phone compares with its row. */
    private static String keepLast4(String value) {
        return value == null ? "" : "*".repeat(Math.max(0, value.length() - 4))
                + value.substring(Math.max(0, value.length() - 4));
    }

    static String hash(String... fields) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String field : fields) {
                digest.update((field == null ? "\u0000" : field).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
