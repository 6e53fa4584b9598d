package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private static final String SCRAPE = """
            # HELP kafka_connect_source_task_metrics_source_record_write_rate
            # TYPE kafka_connect_source_task_metrics_source_record_write_rate gauge
            kafka_connect_source_task_metrics_source_record_write_rate{connector="ingest-orders",task="0",} 12.5
            kafka_connect_source_task_metrics_source_record_write_rate{connector="ingest-orders",task="1",} 7.5
            tributary_behind_seconds{connector="ingest-orders",task="0",table="public.orders",} 2.25
            tributary_behind_seconds{connector="ingest-orders",task="1",table="public.items",} 0.5
            tributary_behind_ids{connector="ingest-orders",task="1",table="public.customers",} 40.0
            kafka_connect_task_error_metrics_deadletterqueue_produce_requests{connector="ingest-orders",task="0",} 0.0
            kafka_connect_sink_task_metrics_sink_record_read_rate{connector="etl-sink",task="0",} 30.0
            kafka_connect_sink_records_lag{connector="etl-sink",task="0",topic="etl.customers",partition="0",} 3.0
            kafka_connect_sink_records_lag{connector="etl-sink",task="0",topic="etl.customers",partition="1",} 4.0
            kafka_connect_task_error_metrics_deadletterqueue_produce_requests{connector="etl-sink",task="0",} 2.0
            kafka_connect_task_error_metrics_total_record_failures{connector="etl-sink",task="0",} 5.0
            kafka_connect_source_task_metrics_source_record_write_rate{connector="cdc",task="0",} 1.0
            tributary_slot_retained_wal_bytes{connector="cdc",} 3145728.0
            tributary_slot_safe_wal_size_bytes{connector="cdc",} NaN
            tributary_slot_wal_status{connector="cdc",status="reserved",} 1.0
            jvm_threads_current 40.0
            kafka_connect_worker_connector_count 3.0
            """;

    @Test
    void parsesNamesLabelsAndValuesAndSkipsNaN() {
        List<PipelineMetrics.Sample> samples = PipelineMetrics.parse(SCRAPE);

        assertEquals(16, samples.size(), samples.toString());
        assertEquals(new PipelineMetrics.Sample("tributary_slot_wal_status",
                Map.of("connector", "cdc", "status", "reserved"), 1.0), samples.get(13));
        assertEquals(new PipelineMetrics.Sample("jvm_threads_current", Map.of(), 40.0), samples.get(14));
    }

    @Test
    void labelValuesKeepEscapedQuotesAndCommas() {
        List<PipelineMetrics.Sample> samples = PipelineMetrics.parse(
                "tributary_rows_total{connector=\"a,\\\"b\\\"\",table=\"t\"} 3\n");

        assertEquals(Map.of("connector", "a,\"b\"", "table", "t"), samples.get(0).labels());
        assertEquals(3.0, samples.get(0).value());
    }

    @Test
    void summarizesEachConnectorInTheUnitsOfItsPipeline() {
        List<PipelineMetrics.Pipeline> pipelines = PipelineMetrics.summarize(PipelineMetrics.parse(SCRAPE));

        assertEquals(List.of(
                new PipelineMetrics.Pipeline("cdc", 1.0, "WAL retained 3.0 MiB", 0, 0),
                new PipelineMetrics.Pipeline("etl-sink", 30.0, "lag 7 records", 2, 5),
                new PipelineMetrics.Pipeline("ingest-orders", 20.0, "behind 2.3 s, behind 40 ids", 0, 0)),
                pipelines);
        assertEquals("  etl-sink                             30.0 rec/s  lag 7 records              dlq 2  errors 5",
                pipelines.get(1).line());
    }
}
