package io.naisrec.cli;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.google.gson.Gson;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.data.InteractionDataset;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nais bench serve}: the users/s of in-process {@code batchPredict}, then the same
 * histories through {@code nais serve} (a child process on 127.0.0.1, started as the README's
 * command starts it: {@link ServeCommand#JVM_OPTIONS}, {@link ServeCommand#ENVIRONMENT}) under
 * a closed-loop load of C concurrent clients: requests/s, latency percentiles, and the server's
 * resident memory after the first 1,000 requests and after all.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Measure nais serve against in-process batchPredict: requests/s and "
                + "p50/p95/p99 latency at --concurrency clients on loopback, and the server's "
                + "RSS after 1,000 requests and after all of them.")
final class ServeBenchCommand implements Callable<Integer> {

    private static final int RSS_CHECKPOINT = 1000;
    private static final int IN_PROCESS_BATCH = 32;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "The model folder to serve.")
    private Path model;

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--requests", defaultValue = "2000",
            description = "Timed requests. Default: ${DEFAULT-VALUE}.")
    private int requests;

    @Option(names = "--warmup", defaultValue = "100",
            description = "Untimed requests first. Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Clients, each sending its next request when answered. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int concurrency;

    @Option(names = "--candidates", defaultValue = "0", paramLabel = "M",
            description = "0: exact ranking; M: two stages over M candidates. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--k", defaultValue = "10", description = "Items per request. "
            + "Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--workers", defaultValue = "0", description = "Server workers (and "
            + "in-process predictors); 0: the cores over --threads. Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--batch-size", defaultValue = "16",
            description = "The server's --batch-size. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--max-batch-delay-ms", defaultValue = "5",
            description = "The server's --max-batch-delay-ms. Default: ${DEFAULT-VALUE}.")
    private int maxBatchDelayMs;

    @Option(names = "--json", description = "End with one JSON line.")
    private boolean json;

    @Mixin
    private EngineOptions engine;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0 || concurrency < 1 || k < 1 || candidates < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--requests, "
                    + "--concurrency and --k must be positive, --warmup and --candidates >= 0");
        }
        int threads = engine.threads(Workload.SERVING);
        int predictors = engine.workers(workers, Workload.SERVING);
        engine.start(Workload.SERVING);
        List<List<String>> histories = histories(dataOptions.resolve().interactions());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", model.toString());
        fields.put("ranking", candidates == 0 ? "exact" : "two-stage " + candidates);
        fields.put("workers", predictors);
        fields.put("threads", threads);
        fields.put("concurrency", concurrency);
        fields.put("requests", requests);
        fields.put("in_process_users_per_second", inProcess(histories, predictors));
        Path scratch = Files.createTempDirectory("nais-bench-serve-");
        try {
            served(histories, predictors, threads, scratch, fields);
        } finally {
            Folders.deleteTree(scratch);
        }
        fields.put("served_over_in_process", (double) fields.get("requests_per_second")
                / (double) fields.get("in_process_users_per_second"));
        Json.print(spec.commandLine().getOut(), fields, 30, json);
        return 0;
    }

    /** Every user's whole history, as item ids, oldest first. */
    private static List<List<String>> histories(InteractionDataset data) {
        List<List<String>> histories = new ArrayList<>();
        for (int u = 0; u < data.numUsers(); u++) {
            histories.add(Arrays.stream(data.history(u)).mapToObj(data.items()::idOf).toList());
        }
        return histories;
    }

    /** {@code batchPredict} in batches of 32 on {@code predictors} threads, users per second. */
    private double inProcess(List<List<String>> histories, int predictors) throws Exception {
        int users = Math.min(histories.size(), Math.max(IN_PROCESS_BATCH * predictors * 2,
                Math.min(requests, 512)));
        try (ZooModel<UserHistory, Recommendations> zoo = ModelLoading.load(model,
                UserHistory.class, Recommendations.class, k, candidates, true)) {
            ExecutorService pool = Executors.newFixedThreadPool(predictors);
            try {
                predictAll(zoo, pool, histories.subList(0, Math.min(users, IN_PROCESS_BATCH
                        * predictors)), predictors);
                long start = System.nanoTime();
                predictAll(zoo, pool, histories.subList(0, users), predictors);
                return users / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void predictAll(ZooModel<UserHistory, Recommendations> zoo,
            ExecutorService pool, List<List<String>> histories, int predictors)
            throws Exception {
        List<Future<?>> parts = new ArrayList<>();
        for (int p = 0; p < predictors; p++) {
            int first = p;
            parts.add(pool.submit(() -> {
                try (Predictor<UserHistory, Recommendations> predictor = zoo.newPredictor()) {
                    for (int from = first * IN_PROCESS_BATCH; from < histories.size();
                            from += predictors * IN_PROCESS_BATCH) {
                        predictor.batchPredict(histories.subList(from, Math.min(
                                histories.size(), from + IN_PROCESS_BATCH)).stream()
                                .map(UserHistory::of).toList());
                    }
                } catch (TranslateException e) {
                    throw new DataException("in-process batchPredict: " + e.getMessage(), e);
                }
                return null;
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
    }

    private void served(List<List<String>> histories, int predictors, int threads,
            Path scratch, Map<String, Object> fields) throws Exception {
        Path portFile = scratch.resolve("port");
        Process server = CoTenants.start(scratch.resolve("serve.log"), ServeCommand.JVM_OPTIONS,
                ServeCommand.ENVIRONMENT, NaisCli.class.getName(),
                List.of("serve", "--model", "bench=" + model.toAbsolutePath(), "--port", "0",
                        "--port-file", portFile.toString(), "--management-port", "0", "--workers",
                        Integer.toString(predictors), "--threads", Integer.toString(threads),
                        "--batch-size", Integer.toString(batchSize), "--max-batch-delay-ms",
                        Integer.toString(maxBatchDelayMs), "--queue",
                        Integer.toString(Math.max(256, 2 * concurrency)), "--timeout-ms",
                        "600000"));
        try {
            LoadGenerator load = new LoadGenerator(awaitPort(server, portFile), concurrency);
            load.awaitReady(TimeUnit.MINUTES.toNanos(2));
            Gson gson = new Gson();
            List<String> bodies = new ArrayList<>();
            for (List<String> history : histories) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("history", history);
                body.put("topK", k);
                body.put("candidates", candidates);
                bodies.add(gson.toJson(body));
            }
            load.run(bodies, 0, warmup);
            int first = Math.min(requests, RSS_CHECKPOINT);
            LoadGenerator.Run all = load.run(bodies, warmup, first);
            if (requests > first) {
                fields.put("server_rss_after_" + first + "_mb", load.residentMb());
                all = all.and(load.run(bodies, warmup + first, requests - first));
            }
            fields.put("requests_per_second", all.requestsPerSecond());
            fields.put("p50_ms", all.percentileMs(50));
            fields.put("p95_ms", all.percentileMs(95));
            fields.put("p99_ms", all.percentileMs(99));
            fields.put("failed_requests", all.failures());
            fields.put("server_rss_after_" + requests + "_mb", load.residentMb());
        } finally {
            server.destroy();
            if (!server.waitFor(1, TimeUnit.MINUTES)) {
                CoTenants.stop(server);
            }
        }
    }

    private static int awaitPort(Process server, Path portFile)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(portFile)) {
            if (!server.isAlive() || System.nanoTime() > until) {
                throw new DataException("nais serve did not start (exit "
                        + (server.isAlive() ? "none" : server.exitValue()) + ")");
            }
            Thread.sleep(50);
        }
        return Integer.parseInt(Files.readString(portFile).strip());
    }
}
