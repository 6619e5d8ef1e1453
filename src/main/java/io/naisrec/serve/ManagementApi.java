package io.naisrec.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.naisrec.data.Messages;
import io.naisrec.zoo.ServingOutputs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API of {@code nais serve}, in the style of DJL Serving's and TorchServe's, on
 * a listener of its own (127.0.0.1 unless told otherwise): {@code GET /models} lists every
 * model's name, folder, checksum and load time, {@code GET /models/{name}} describes one, and
 * {@code PUT /models/{name}?url=FOLDER} (or the JSON body {@code {"url": FOLDER}}) swaps a model
 * to another folder while it serves (see {@link ServedModel#swap}). The answer comes once the
 * swap is done: 200 with the new description, 400 with the one-line reason the folder does not
 * load (the old model serves on), 404 for a name not served, 409 while the model is loading or
 * the server stopping. Errors are DJL Serving's JSON error body.
 */
public final class ManagementApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);
    private static final String JSON = "application/json";

    private final ModelServer server;
    private final Javalin app;

    /**
     * The management API of {@code server}, not yet listening.
     *
     * @param server the server whose models it manages
     * @param settings where to listen
     */
    public ManagementApi(ModelServer server, ManagementSettings settings) {
        this.server = server;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.http.prefer405over404 = true;
            cfg.routes.get("/models", ctx -> json(ctx, 200, Map.of("models",
                    server.models().stream().map(ServedModel::describe).toList())));
            cfg.routes.get("/models/{name}", ctx -> {
                ServedModel model = model(ctx);
                if (model != null) {
                    json(ctx, 200, List.of(model.describe()));
                }
            });
            cfg.routes.put("/models/{name}", this::swap);
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx,
                    e.getStatus(), e.getStatus() == 405
                            ? ctx.method() + " is not allowed on " + ctx.path()
                            : e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 500, "internal error; see the server log");
            });
        });
    }

    /** Starts listening. */
    public ManagementApi start() {
        app.start();
        return this;
    }

    /** The port listened on (the one chosen when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Stops listening; a swap under way still completes, or is refused if the server stops. */
    @Override
    public void close() {
        app.stop();
    }

    private void swap(Context ctx) {
        ServedModel model = model(ctx);
        if (model == null) {
            return;
        }
        Path folder;
        try {
            folder = folder(ctx);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        try {
            model.swap(folder);
        } catch (ModelVersion.LoadFailed e) {
            error(ctx, 400, "model '" + model.name() + "' not swapped, the old model serves on: "
                    + e.getMessage());
            return;
        } catch (ServedModel.NotSwappable e) {
            error(ctx, 409, e.getMessage());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "model '" + model.name() + "' swapped to " + model.folder());
        body.put("model", model.describe());
        json(ctx, 200, body);
    }

    /** The folder a PUT names: {@code ?url=} or the body's {@code url}, a path or file: URI. */
    private static Path folder(Context ctx) {
        String url = ctx.queryParam("url");
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (url == null && !body.isBlank()) {
            try {
                JsonElement json = JsonParser.parseString(body);
                if (json.isJsonObject() && json.getAsJsonObject().get("url") != null
                        && json.getAsJsonObject().get("url").isJsonPrimitive()) {
                    url = json.getAsJsonObject().get("url").getAsString();
                }
            } catch (JsonParseException e) {
                throw new IllegalArgumentException("malformed JSON: the body must be "
                        + "{\"url\": FOLDER}");
            }
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("give the folder: PUT /models/{name}?url=FOLDER "
                    + "or the body {\"url\": FOLDER}");
        }
        try {
            return url.startsWith("file:") ? Path.of(URI.create(url)) : Path.of(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("url " + Messages.shown(url)
                    + ": not a folder path or file: URI");
        }
    }

    private ServedModel model(Context ctx) {
        String name = ctx.pathParam("name");
        ServedModel model = server.model(name);
        if (model == null) {
            error(ctx, 404, "no model '" + Messages.shown(name) + "' (serving: "
                    + String.join(", ", server.models().stream().map(ServedModel::name)
                            .toList()) + ")");
        }
        return model;
    }

    private static void json(Context ctx, int code, Object body) {
        ctx.status(code).contentType(JSON).result(ModelServer.GSON.toJson(body));
    }

    private static void error(Context ctx, int code, String message) {
        json(ctx, code, ServingOutputs.ErrorBody.of(code, Messages.oneLine(message)).json());
    }
}
