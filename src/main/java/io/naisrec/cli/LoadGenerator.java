package io.naisrec.cli;

import io.naisrec.data.DataException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded closed-loop load on a {@code nais serve} at 127.0.0.1: C clients, each sending its
 * next request as soon as the last is answered, until a fixed number have been sent.
 */
final class LoadGenerator {

    private static final String MODEL = "bench";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final int concurrency;

    /** Latencies of one run, its wall time, and how many answers were not 200. */
    record Run(long[] latencyNanos, long wallNanos, int failures) {

        double requestsPerSecond() {
            return latencyNanos.length / (wallNanos / 1e9);
        }

        /** The p-th percentile latency (nearest rank), in milliseconds. */
        double percentileMs(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)] / 1e6;
        }

        /** This run followed by {@code next}, as one. */
        Run and(Run next) {
            long[] both = Arrays.copyOf(latencyNanos, latencyNanos.length
                    + next.latencyNanos.length);
            System.arraycopy(next.latencyNanos, 0, both, latencyNanos.length,
                    next.latencyNanos.length);
            return new Run(both, wallNanos + next.wallNanos, failures + next.failures);
        }
    }

    LoadGenerator(int port, int concurrency) {
        this.base = "http://127.0.0.1:" + port;
        this.concurrency = concurrency;
    }

    /** Waits until the server is ready, at most {@code timeoutNanos}. */
    void awaitReady(long timeoutNanos) throws InterruptedException {
        long until = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < until) {
            try {
                if (get("/v2/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new DataException("nais serve was not ready within "
                + timeoutNanos / 1_000_000_000 + " s");
    }

    /** Sends requests {@code from} to {@code from + count} (bodies taken in turn). */
    Run run(List<String> bodies, int from, int count) throws Exception {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                loops.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base
                                + "/predictions/" + MODEL))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        bodies.get((from + i) % bodies.size()))).build();
                        long sent = System.nanoTime();
                        int code = client.send(request, HttpResponse.BodyHandlers.ofString())
                                .statusCode();
                        latencies[i] = System.nanoTime() - sent;
                        if (code != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return new Run(latencies, System.nanoTime() - start, failures.get());
    }

    /** The server's resident memory, from its {@code /metrics}, in MiB. */
    double residentMb() throws IOException, InterruptedException {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith("nais_process_resident_bytes ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1)) / (1 << 20);
            }
        }
        throw new DataException("the server's /metrics has no nais_process_resident_bytes");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
