package io.tributary.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per connector, what the workers' Prometheus exporters say about its pipeline: records per second, how far it is
 * behind its source, and what went to its dead-letter queue. The status screen's "pipelines" section.
 */
final class PipelineMetrics {

    /** One sample of the text exposition format: a series name, its labels and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One connector's line; {@code lag} is already worded ("behind 2 s", "lag 40 records", "-"). */
    record Pipeline(String connector, double recordsPerSecond, String lag, long deadLettered, long errors) {

        String line() {
            return String.format("  %-32s %8.1f rec/s  %-26s dlq %d  errors %d", connector, recordsPerSecond, lag,
                    deadLettered, errors);
        }
    }

    private PipelineMetrics() {
    }

    /** Scrapes every URL; a worker that does not answer is left out (the connectors section says so). */
    static List<Sample> scrape(HttpClient http, List<String> urls) {
        List<Sample> samples = new ArrayList<>();
        for (String url : urls) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    samples.addAll(parse(response.body()));
                }
            } catch (java.io.IOException e) {
                // a worker that is starting or gone: its pipelines show what the other worker reports
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return samples;
            }
        }
        return samples;
    }

    /** The samples of a scrape in Prometheus' text format; comments and NaN values are skipped. */
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (Double.isNaN(value)) {
                continue;
            }
            boolean labelled = brace >= 0 && brace < space;
            String name = labelled ? line.substring(0, brace) : line.substring(0, space).trim();
            Map<String, String> labels = labelled ? labels(line.substring(brace + 1, line.lastIndexOf('}', space)))
                    : Map.of();
            samples.add(new Sample(name, labels, value));
        }
        return samples;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int at = 0;
        while (at < text.length()) {
            int equals = text.indexOf("=\"", at);
            if (equals < 0) {
                break;
            }
            String key = text.substring(at, equals).trim();
            StringBuilder value = new StringBuilder();
            int i = equals + 2;
            for (; i < text.length() && text.charAt(i) != '"'; i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    char next = text.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            at = i + 1;
            while (at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == ' ')) {
                at++;
            }
        }
        return labels;
    }

    /**
     * One line per connector that has task metrics: records per second written (sources) or read (sinks) by its
     * tasks; its lag in the unit its pipeline has (a JDBC source's seconds or ids behind its tables, a CDC slot's
     * retained WAL, a sink's consumer lag in records); records sent to its dead-letter queue and records that
     * failed, since its tasks started.
     */
    static List<Pipeline> summarize(List<Sample> samples) {
        Map<String, Map<String, List<Sample>>> byConnector = new TreeMap<>();
        for (Sample sample : samples) {
            String connector = sample.labels().get("connector");
            if (connector != null) {
                byConnector.computeIfAbsent(connector, key -> new TreeMap<>())
                        .computeIfAbsent(sample.name(), key -> new ArrayList<>()).add(sample);
            }
        }
        List<Pipeline> pipelines = new ArrayList<>();
        byConnector.forEach((connector, series) -> {
            double written = sum(series, "kafka_connect_source_task_metrics_source_record_write_rate");
            double read = sum(series, "kafka_connect_sink_task_metrics_sink_record_read_rate");
            boolean source = series.containsKey("kafka_connect_source_task_metrics_source_record_write_rate");
            boolean sink = series.containsKey("kafka_connect_sink_task_metrics_sink_record_read_rate");
            if (!source && !sink) {
                return;
            }
            pipelines.add(new Pipeline(connector, source ? written : read, lag(series),
                    Math.round(sum(series, "kafka_connect_task_error_metrics_deadletterqueue_produce_requests")),
                    Math.round(sum(series, "kafka_connect_task_error_metrics_total_record_failures"))));
        });
        return pipelines;
    }

    private static String lag(Map<String, List<Sample>> series) {
        List<String> parts = new ArrayList<>();
        if (series.containsKey("tributary_behind_seconds")) {
            parts.add(String.format("behind %.1f s", max(series, "tributary_behind_seconds")));
        }
        if (series.containsKey("tributary_behind_ids")) {
            parts.add(String.format("behind %.0f ids", max(series, "tributary_behind_ids")));
        }
        if (series.containsKey("tributary_slot_retained_wal_bytes")) {
            parts.add(String.format("WAL retained %.1f MiB", max(series, "tributary_slot_retained_wal_bytes")
                    / (1024 * 1024)));
        }
        if (series.containsKey("kafka_connect_sink_records_lag")) {
            parts.add(String.format("lag %.0f records", sum(series, "kafka_connect_sink_records_lag")));
        }
        return parts.isEmpty() ? "lag -" : String.join(", ", parts);
    }

    private static double sum(Map<String, List<Sample>> series, String name) {
        return series.getOrDefault(name, List.of()).stream().mapToDouble(Sample::value).sum();
    }

    private static double max(Map<String, List<Sample>> series, String name) {
        return series.getOrDefault(name, List.of()).stream().mapToDouble(Sample::value).max().orElse(0);
    }
}
