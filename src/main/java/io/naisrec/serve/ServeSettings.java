package io.naisrec.serve;

/**
 * How {@code nais serve} runs, validated at construction.
 *
 * @param host the address to bind, 127.0.0.1 unless told otherwise
 * @param port the port, 0 for any free one
 * @param workers predictors per model, each on its own thread
 * @param batchSize the most requests one {@code batchPredict} answers
 * @param maxBatchDelayMs how long a worker waits for a batch to fill after its first request
 * @param queue the most requests waiting per model; more are refused with 503
 * @param timeoutMs how long a request may wait and run before it is answered 503
 * @param maxRequestBytes the largest body accepted; larger ones get 413
 * @param maxTopK the most items one query may ask for
 */
public record ServeSettings(String host, int port, int workers, int batchSize,
        int maxBatchDelayMs, int queue, int timeoutMs, long maxRequestBytes, int maxTopK) {

    /** Checks every field; the message names the option. */
    public ServeSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--host must name an address");
        }
        check(port >= 0 && port <= 65535, "--port must be 0 to 65535, got " + port);
        check(workers >= 1, "--workers must be at least 1, got " + workers);
        check(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        check(maxBatchDelayMs >= 0, "--max-batch-delay-ms must be >= 0, got "
                + maxBatchDelayMs);
        check(queue >= 1, "--queue must be at least 1, got " + queue);
        check(timeoutMs >= 1, "--timeout-ms must be at least 1, got " + timeoutMs);
        check(maxRequestBytes >= 1024, "--max-request-bytes must be at least 1024, got "
                + maxRequestBytes);
        check(maxTopK >= 1, "--max-top-k must be at least 1, got " + maxTopK);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
