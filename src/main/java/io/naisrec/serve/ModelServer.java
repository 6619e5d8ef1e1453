package io.naisrec.serve;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.ServingAnswer;
import io.naisrec.zoo.ServingOutputs;
import io.naisrec.zoo.ServingRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code nais serve}: DJL Serving / TorchServe's routes ({@code /ping},
 * {@code /models}, {@code /predictions/{name}}), KServe's v2 ({@code /v2/health/*},
 * {@code /v2/models/{name}[/ready|/infer]}) and {@code /metrics}. It answers at once; models
 * load in the background and readiness is 503 until they have. Every error is JSON with one
 * message (v2: {@code {"error": ...}}), never a stack trace. Each answer of a model names the
 * folder that gave it in the {@code X-Nais-Model-Checksum} header; {@link ManagementApi} and
 * {@link #reloadAll()} swap folders while serving. {@link #stop()} refuses new requests,
 * answers every accepted one, then stops.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    /** Writes every JSON answer: nulls kept, no HTML escaping. */
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .create();
    private static final String JSON = "application/json";
    /** Marks a prediction request until its response is written. */
    private static final String IN_FLIGHT = "nais.in-flight";
    private static final long POLL_MS = 5;

    private final ServeSettings settings;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final ServingMetrics metrics;
    private final Javalin app;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Prediction requests received and not yet written back. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Writes answers back, so that no model worker waits on a slow client. */
    private final ExecutorService responders = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "nais-responder");
        thread.setDaemon(true);
        return thread;
    });
    private Thread loader;

    /**
     * A server of model folders, each verified as it loads.
     *
     * @param settings how to serve
     * @param folders model folders by the name they are served under
     */
    public ModelServer(ServeSettings settings, Map<String, Path> folders) {
        this(settings, folders, Map.of());
    }

    /**
     * A server of model folders verified just before (as {@code nais serve} does at start-up, to
     * stop at once on a damaged one), which loads them without checking them again.
     *
     * @param settings how to serve
     * @param verified the folders' descriptions by the name they are served under
     */
    public static ModelServer ofVerified(ServeSettings settings,
            Map<String, ModelDirectory.Description> verified) {
        Map<String, Path> folders = new LinkedHashMap<>();
        verified.forEach((name, description) -> folders.put(name, description.folder()));
        return new ModelServer(settings, folders, verified);
    }

    private ModelServer(ServeSettings settings, Map<String, Path> folders,
            Map<String, ModelDirectory.Description> verified) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("give at least one --model");
        }
        this.settings = settings;
        folders.forEach((name, folder) -> models.put(name,
                new ServedModel(name, folder, verified.get(name), settings)));
        this.metrics = new ServingMetrics(models.values());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.http.maxRequestSize = settings.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.routes.get("/ping", this::ping);
            cfg.routes.get("/models", ctx -> json(ctx, 200, Map.of("models",
                    models.values().stream().map(m -> Map.of("modelName", m.name(),
                            "modelUrl", m.folder().toUri().toString())).toList())));
            cfg.routes.get("/models/{name}", ctx -> withModel(ctx, false,
                    m -> json(ctx, 200, List.of(m.describe()))));
            cfg.routes.post("/predictions/{name}", ctx -> withModel(ctx, false,
                    m -> predict(ctx, m, false)));
            cfg.routes.get("/v2/health/live", ctx -> json(ctx, 200, Map.of("live", true)));
            cfg.routes.get("/v2/health/ready", ctx -> {
                boolean ready = allReady();
                json(ctx, ready ? 200 : 503, Map.of("ready", ready));
            });
            cfg.routes.get("/v2/models/{name}", ctx -> withModel(ctx, true,
                    m -> json(ctx, 200, OpenInference.metadata(m.name()))));
            cfg.routes.get("/v2/models/{name}/ready", ctx -> withModel(ctx, true, m -> {
                boolean ready = m.ready();
                json(ctx, ready ? 200 : 503, Map.of("name", m.name(), "ready", ready));
            }));
            cfg.requestLogger.http((ctx, ms) -> {
                if (ctx.attribute(IN_FLIGHT) != null) {
                    inFlight.decrementAndGet();
                }
            });
            cfg.routes.post("/v2/models/{name}/infer", ctx -> withModel(ctx, true,
                    m -> predict(ctx, m, true)));
            cfg.routes.get("/metrics", ctx -> ctx.status(200)
                    .contentType(ServingMetrics.contentType()).result(metrics.scrape()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx,
                    e.getStatus(), switch (e.getStatus()) {
                        case 413 -> "the request body is larger than --max-request-bytes "
                                + settings.maxRequestBytes();
                        case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                        default -> e.getMessage();
                    }));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 500, "internal error; see the server log");
            });
        });
    }

    /** Starts listening, then loads the models in the background. */
    public ModelServer start() {
        app.start();
        loader = new Thread(() -> models.values().forEach(m -> m.load(metrics)),
                "nais-model-loader");
        loader.setDaemon(true);
        loader.start();
        return this;
    }

    /** The port listened on (the one chosen when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Whether every model answers predictions. */
    public boolean allReady() {
        return models.values().stream().allMatch(ServedModel::ready);
    }

    /** The model served as {@code name}, or {@code null}. */
    ServedModel model(String name) {
        return models.get(name);
    }

    /** Every model served, in the order given. */
    Collection<ServedModel> models() {
        return models.values();
    }

    /**
     * Reloads every model from its folder (what SIGHUP does), one after another, each as
     * {@link ManagementApi}'s swap: a folder that does not load leaves its old model serving.
     *
     * @return how many models were not reloaded (each logged with its reason)
     */
    public int reloadAll() {
        int failed = 0;
        for (ServedModel model : models.values()) {
            try {
                model.swap(model.folder());
            } catch (ModelVersion.LoadFailed | ServedModel.NotSwappable e) {
                LOG.warn("model '{}' not reloaded: {}", model.name(), e.getMessage());
                failed++;
            }
        }
        return failed;
    }

    /** Waits until every model is loaded or failed; {@code false} if one failed. */
    public boolean awaitLoaded() throws InterruptedException {
        loader.join();
        return allReady();
    }

    /**
     * Refuses new requests (503), answers every accepted one (waiting up to
     * {@code --timeout-ms}), then stops listening and closes the models.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info("draining: answering accepted requests, refusing new ones");
        List<Thread> drains = new ArrayList<>();
        for (ServedModel model : models.values()) {
            Thread drain = new Thread(() -> model.drainAndClose(settings.timeoutMs()),
                    "nais-" + model.name() + "-drain");
            drain.start();
            drains.add(drain);
        }
        try {
            for (Thread drain : drains) {
                drain.join();
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs());
            while (inFlight.get() > 0 && System.nanoTime() - until < 0) {
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        responders.shutdownNow();
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private void ping(Context ctx) {
        Map<String, Object> states = new LinkedHashMap<>();
        models.values().forEach(m -> states.put(m.name(), m.state().name()));
        boolean ready = allReady();
        json(ctx, ready ? 200 : 503, Map.of("status", ready ? "Healthy" : "Unhealthy",
                "models", states));
    }

    private void withModel(Context ctx, boolean v2, Consumer<ServedModel> then) {
        ServedModel model = models.get(ctx.pathParam("name"));
        if (model == null) {
            String message = "no model '" + ctx.pathParam("name") + "' (serving: "
                    + String.join(", ", models.keySet()) + ")";
            if (v2) {
                json(ctx, 404, Map.of("error", message));
            } else {
                error(ctx, 404, message);
            }
            return;
        }
        then.accept(model);
    }

    private void predict(Context ctx, ServedModel model, boolean v2) {
        long start = System.nanoTime();
        String route = v2 ? "v2_infer" : "predictions";
        BiConsumer<Integer, Object> answer = (code, body) -> {
            metrics.answered(model.name(), route, code);
            metrics.latency(model.name(), (System.nanoTime() - start) / 1e9);
            if (code == 503) {
                ctx.header("Retry-After", "1");
            }
            ctx.status(code).contentType(JSON).result(body instanceof String s ? s
                    : GSON.toJson(body));
        };
        byte[] body = ctx.bodyAsBytes();
        Input input = new Input();
        OpenInference.Request request = null;
        try {
            if (v2) {
                request = OpenInference.request(body);
                input.add("data", request.request());
            } else {
                input.add("data", body);
            }
        } catch (ServingRequest.Invalid e) {
            answer.accept(400, Map.of("error", e.getMessage()));
            return;
        }
        CompletableFuture<Output> future;
        try {
            future = model.submit(input);
        } catch (ServedModel.Refused e) {
            metrics.refused(model.name(), e.reason);
            answer.accept(503, v2 ? Map.of("error", e.getMessage())
                    : ServingOutputs.ErrorBody.of(503, e.getMessage()).json());
            return;
        }
        String id = request == null ? null : request.id();
        inFlight.incrementAndGet();
        ctx.attribute(IN_FLIGHT, Boolean.TRUE);
        ctx.future(() -> future.thenAcceptAsync(output -> {
            BytesSupplier data = output.getData();
            String checksum = output.getProperty(ServedModel.CHECKSUM_HEADER, null);
            if (checksum != null) {
                ctx.header(ServedModel.CHECKSUM_HEADER, checksum);
            }
            if (!v2) {
                answer.accept(output.getCode(), data.getAsString());
            } else if (data instanceof ServingAnswer typed) {
                answer.accept(200, OpenInference.response(model.name(), id, typed));
            } else {
                answer.accept(output.getCode(), Map.of("error",
                        ((ServingOutputs.ErrorBody) data).message()));
            }
        }, responders));
    }

    private static void json(Context ctx, int code, Object body) {
        ctx.status(code).contentType(JSON).result(GSON.toJson(body));
    }

    private static void error(Context ctx, int code, String message) {
        json(ctx, code, ServingOutputs.ErrorBody.of(code, message).json());
    }
}
