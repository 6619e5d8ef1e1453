package io.naisrec.cli;

import ai.djl.MalformedModelException;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.runtime.NativeAllocator;
import io.naisrec.runtime.Workload;
import io.naisrec.serve.HangupSignal;
import io.naisrec.serve.ManagementApi;
import io.naisrec.serve.ManagementSettings;
import io.naisrec.serve.ModelServer;
import io.naisrec.serve.ServeSettings;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NaisTranslatorFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais serve}: model folders over HTTP until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve model folders over HTTP (DJL Serving / TorchServe routes and KServe "
                + "v2) with dynamic batching and Prometheus metrics, until stopped (Ctrl-C or "
                + "SIGTERM drain it: accepted requests are answered first). A management API "
                + "(PUT /models/{name}?url=DIR) and SIGHUP swap models while serving.")
final class ServeCommand implements Callable<Integer> {

    /**
     * The JVM options the README's {@code nais serve} command starts the JVM with (and
     * {@code bench serve} its server): a serial collector with a young generation of 24 MB and
     * at most 256 MB of heap, instead of G1 sizing its young generation to 1/64 of the machine
     * and its remembered sets to the default maximum heap (a quarter of the machine). A jar
     * cannot set them itself; the server holds a few MB of live objects (docs/BENCHMARKS.md,
     * round 7, "Serving's memory").
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmn24m", "-Xmx256m");
    /**
     * The environment the README's command sets: glibc's arena cap for the whole process.
     * glibc fixes its arena limit (eight per core) when a second thread first allocates, which
     * the JVM's own threads do before {@code main} runs, so the cap {@code NativeAllocator} sets
     * then binds nothing; as a tunable (not {@code MALLOC_ARENA_MAX}) it leaves the rest of
     * {@code NativeAllocator}'s tuning on.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("GLIBC_TUNABLES",
            "glibc.malloc.arena_max=2");

    @Option(names = "--model", required = true, paramLabel = "[NAME=]DIR",
            description = "A model folder, served as NAME (default: the folder's name). "
                    + "Repeat for more models.")
    private List<String> models;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    private String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port; 0 chooses a free one (printed). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--management-address", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address of the management API (GET /models, PUT /models/{name}"
                    + "?url=DIR), a listener apart from --host. Default: ${DEFAULT-VALUE}.")
    private String managementHost;

    @Option(names = "--management-port", defaultValue = "8081",
            description = "Port of the management API; 0 chooses a free one (printed). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int managementPort;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "Write the port listened on to FILE once serving.")
    private Path portFile;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "Predictors per model, each on its own thread; 0: the cores over "
                    + "--threads. Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--batch-size", defaultValue = "16",
            description = "Most requests per batchPredict. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--max-batch-delay-ms", defaultValue = "5",
            description = "How long a worker waits for a batch to fill. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int maxBatchDelayMs;

    @Option(names = "--queue", defaultValue = "256",
            description = "Most requests waiting per model; more get 503 with Retry-After. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int queue;

    @Option(names = "--timeout-ms", defaultValue = "10000",
            description = "A request not answered within this gets 503. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int timeoutMs;

    @Option(names = "--max-request-bytes", defaultValue = "1048576",
            description = "Largest request body; larger ones get 413. Default: ${DEFAULT-VALUE}.")
    private long maxRequestBytes;

    @Option(names = "--max-top-k", defaultValue = "" + NaisTranslatorFactory.DEFAULT_MAX_TOP_K,
            description = "Most items one query may ask for. Default: ${DEFAULT-VALUE}.")
    private int maxTopK;

    @Mixin
    private EngineOptions engine;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, MalformedModelException {
        Map<String, ModelDirectory.Description> folders = folders();
        int perModel = engine.workers(workers, Workload.SERVING);
        ServeSettings settings = Arguments.valid(spec, () -> new ServeSettings(host, port,
                perModel, batchSize, maxBatchDelayMs, queue, timeoutMs, maxRequestBytes,
                maxTopK));
        ManagementSettings management = Arguments.valid(spec,
                () -> new ManagementSettings(managementHost, managementPort));
        NativeAllocator.keepWorkingSet();
        engine.start(Workload.SERVING);
        ModelServer server = ModelServer.ofVerified(settings, folders).start();
        ManagementApi api = new ManagementApi(server, management);
        try {
            api.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new DataException("--management-port " + managementHost + ":"
                    + managementPort + ": cannot listen (" + e.getMessage() + ")", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            server.stop();
            stopped.countDown();
        }, "nais-serve-shutdown"));
        HangupSignal.onHangup(server::reloadAll);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "nais serve: listening on http://%s:%d (models: %s); "
                + "management on http://%s:%d%n", host, server.port(),
                String.join(", ", folders.keySet()), managementHost, api.port());
        out.flush();
        if (portFile != null) {
            writePort(server.port());
        }
        if (!server.awaitLoaded()) {
            out.println("nais serve: a model failed to load; see GET /models/{name}");
            out.flush();
        }
        stopped.await();
        return 0;
    }

    /**
     * The models by name, each folder verified, once (a damaged one stops the command here; the
     * server loads them without checking them again).
     */
    private Map<String, ModelDirectory.Description> folders() throws MalformedModelException {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (String model : models) {
            int eq = model.indexOf('=');
            Path folder = Path.of(eq < 0 ? model : model.substring(eq + 1));
            String name = eq < 0 ? String.valueOf(folder.toAbsolutePath().normalize()
                    .getFileName()) : model.substring(0, eq);
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model
                        + ": the name must be letters, digits, '.', '_' or '-'");
            }
            if (folders.put(name, folder) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--model: two models named '" + name + "'; give NAME=DIR");
            }
        }
        Map<String, ModelDirectory.Description> verified = new LinkedHashMap<>();
        for (Map.Entry<String, Path> folder : folders.entrySet()) {
            verified.put(folder.getKey(), ModelDirectory.verify(folder.getValue()));
        }
        return verified;
    }

    private void writePort(int listening) {
        try {
            Folders.writeAtomically(portFile, temp -> Files.writeString(temp, listening + "\n",
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataException("--port-file " + portFile + ": " + e.getMessage(), e);
        }
    }
}
