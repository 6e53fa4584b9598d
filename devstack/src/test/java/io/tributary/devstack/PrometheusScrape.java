package io.tributary.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Prometheus server would read from the workers' JMX exporters, and what the shipped dashboard asks of it.
 */
final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SERIES = Pattern.compile("\\b((?:tributary|kafka_connect)_[a-z0-9_]+)\\b");

    private PrometheusScrape() {
    }

    /**
     * The series of one scrape in the text format: each metric name with the sum of its samples' values (NaN
     * samples, a gauge that does not know yet, count as 0, so that a name is present once it is exported).
     */
    static Map<String, Double> scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(url + " answered " + answer.statusCode());
        }
        Map<String, Double> sums = new TreeMap<>();
        for (String line : answer.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int nameEnd = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
            String name = line.substring(0, nameEnd);
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            sums.merge(name, Double.isNaN(value) ? 0 : value, Double::sum);
        }
        return sums;
    }

    /** Every series the dashboard's queries and variables name. */
    static Set<String> queriedSeries(Path dashboard) throws IOException {
        return seriesIn(new ObjectMapper().readTree(dashboard.toFile()), null);
    }

    /** The series the dashboard's panels whose title starts with {@code titlePrefix} query. */
    static Set<String> queriedSeries(Path dashboard, String titlePrefix) throws IOException {
        return seriesIn(new ObjectMapper().readTree(dashboard.toFile()), titlePrefix);
    }

    private static Set<String> seriesIn(JsonNode dashboard, String titlePrefix) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (titlePrefix == null || panel.path("title").asText().startsWith(titlePrefix)) {
                panel.path("targets").forEach(target -> collect(target.path("expr").asText(), names));
            }
        }
        if (titlePrefix == null) {
            dashboard.path("templating").path("list")
                    .forEach(variable -> collect(variable.path("definition").asText(), names));
        }
        return names;
    }

    private static void collect(String query, Set<String> names) {
        Matcher matcher = SERIES.matcher(query);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
    }
}
