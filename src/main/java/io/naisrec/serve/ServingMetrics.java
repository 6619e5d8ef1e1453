package io.naisrec.serve;

import io.naisrec.runtime.ProcessMemory;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * The server's Prometheus metrics, in a registry of its own: requests by model, route and
 * status code, their latency, batch sizes, refusals by reason, model swaps by result, each
 * model's queue depth and readiness, and the process's resident memory.
 */
final class ServingMetrics {

    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("nais_requests_total")
            .help("HTTP requests answered, by model, route and status code")
            .labelNames("model", "route", "code").register(registry);
    private final Histogram latency = Histogram.builder().name("nais_request_seconds")
            .help("Time from a prediction request's arrival to its answer")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                    5, 10)
            .classicOnly().labelNames("model").register(registry);
    private final Histogram batches = Histogram.builder().name("nais_batch_size")
            .help("Requests answered by one batchPredict")
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).classicOnly()
            .labelNames("model").register(registry);
    private final Counter refused = Counter.builder().name("nais_refused_total")
            .help("Prediction requests answered 503, by reason: queue_full, deadline, "
                    + "not_ready")
            .labelNames("model", "reason").register(registry);
    private final Counter swaps = Counter.builder().name("nais_model_swaps_total")
            .help("Model swaps asked of the management API or SIGHUP, by result: swapped, "
                    + "failed (the folder did not load; the old model serves on)")
            .labelNames("model", "result").register(registry);

    ServingMetrics(Collection<ServedModel> models) {
        GaugeWithCallback.builder().name("nais_queue_depth")
                .help("Requests accepted and not yet answered").labelNames("model")
                .callback(c -> models.forEach(m -> c.call(m.pending(), m.name())))
                .register(registry);
        GaugeWithCallback.builder().name("nais_model_ready")
                .help("1 when the model answers predictions").labelNames("model")
                .callback(c -> models.forEach(m -> c.call(m.ready() ? 1 : 0, m.name())))
                .register(registry);
        GaugeWithCallback.builder().name("nais_process_resident_bytes")
                .help("Resident memory of the server process")
                .callback(c -> c.call(ProcessMemory.residentMb() * 1024.0 * 1024.0))
                .register(registry);
    }

    void answered(String model, String route, int code) {
        requests.labelValues(model, route, Integer.toString(code)).inc();
    }

    void latency(String model, double seconds) {
        latency.labelValues(model).observe(seconds);
    }

    void batch(String model, int size) {
        batches.labelValues(model).observe(size);
    }

    void refused(String model, String reason) {
        refused.labelValues(model, reason).inc();
    }

    void swapped(String model, boolean swapped) {
        swaps.labelValues(model, swapped ? "swapped" : "failed").inc();
    }

    /** The text exposition format's content type. */
    static String contentType() {
        return TEXT.getContentType();
    }

    /** Every metric in the Prometheus text exposition format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TEXT.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
