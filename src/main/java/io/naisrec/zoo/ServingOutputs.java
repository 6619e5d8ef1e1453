package io.naisrec.zoo;

import ai.djl.modality.Output;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Output}s of the serving contract: a JSON answer with code 200, or an error as DJL
 * Serving writes them, {@code {"code", "type", "message"}} with that code.
 */
public final class ServingOutputs {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .create();

    private ServingOutputs() {}

    /** Code 200 and {@code json} (maps, lists, strings, numbers) as the body. */
    public static Output ok(Object json) {
        Output output = new Output(200, "OK");
        output.addProperty("Content-Type", "application/json");
        output.add(GSON.toJson(json));
        return output;
    }

    /**
     * An error answer; the message is in the body (the status message is fixed, so nothing a
     * client sent reaches a status line).
     *
     * @param code the HTTP status it stands for
     * @param type the kind of error, such as {@code BadRequestException}
     * @param message one line that says what is wrong
     */
    public static Output error(int code, String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("type", type);
        body.put("message", message);
        Output output = new Output(code, code < 500 ? "Bad Request" : "Error");
        output.addProperty("Content-Type", "application/json");
        output.add(GSON.toJson(body));
        return output;
    }
}
