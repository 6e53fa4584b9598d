package io.tributary.benchmarks.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmark's documents: 14 fields, about 1 KB of JSON, varied by their number. */
public final class BenchDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CITIES = {"Oslo", "Lima", "Nairobi", "Osaka", "Porto", "Quito", "Tromsø", "Accra"};
    private static final String[] STATUSES = {"new", "paid", "shipped", "returned"};
    private static final String NOTES = "Delivery window agreed with the customer by phone; leave the parcel with "
            + "the neighbour at number 12 when nobody answers. Fragile: glassware inside, keep upright. The invoice "
            + "goes to the billing address, not the delivery address. Loyalty discount applied at checkout after "
            + "the second order this quarter. Customer asked for recycled packaging and no printed advertising. "
            + "Previous delivery was late by two days; escalate any further delay to the account manager directly. "
            + "Return label printed and included; refunds go back to the original payment method within five "
            + "working days of the parcel reaching the warehouse, after the usual quality inspection.";

    private BenchDocuments() {
    }

    public static String key(long n) {
        return "order-" + n;
    }

    static Map<String, Object> document(long n) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", n);
        doc.put("customer", "customer-" + (n % 10_007));
        doc.put("email", "customer" + (n % 10_007) + "@example.com");
        doc.put("street", (n % 300) + " Harbour Street");
        doc.put("city", CITIES[(int) (n % CITIES.length)]);
        doc.put("country", "NO");
        doc.put("status", STATUSES[(int) (n % STATUSES.length)]);
        doc.put("amount", (n % 100_000) / 100.0);
        doc.put("quantity", (int) (n % 17) + 1);
        doc.put("created", Instant.ofEpochMilli(1_700_000_000_000L + n * 1_000).toString());
        doc.put("updated", Instant.ofEpochMilli(1_700_000_500_000L + n * 1_000).toString());
        doc.put("tags", "priority-" + (n % 3) + ",channel-web");
        doc.put("active", n % 5 != 0);
        doc.put("notes", NOTES);
        return doc;
    }

    public static byte[] json(long n) {
        try {
            return JSON.writeValueAsBytes(document(n));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
