package io.naisrec.zoo;

import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Output}s of the serving contract: an answer ({@link ServingAnswer}) with code 200, or an
 * error as DJL Serving writes them ({@link ErrorBody}) with its code. Their data are the typed
 * answers, written as JSON text when the bytes are asked for.
 */
public final class ServingOutputs {

    /** Writes the contract's JSON: nulls kept, no HTML escaping. */
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private ServingOutputs() {}

    /**
     * DJL Serving's error body, {@code {"code", "type", "message"}}: the one place it is built.
     *
     * @param code the HTTP status it stands for
     * @param type the kind of error, named by the code, such as {@code BadRequestException}
     * @param message one line that says what is wrong
     */
    public record ErrorBody(int code, String type, String message) implements BytesSupplier {

        /** The error body of {@code code} with its DJL Serving type. */
        public static ErrorBody of(int code, String message) {
            return new ErrorBody(code, switch (code) {
                case 404 -> "NotFoundException";
                case 405 -> "MethodNotAllowedException";
                case 413 -> "PayloadTooLargeException";
                case 503 -> "ServiceUnavailableException";
                default -> code >= 500 ? "InternalServerException" : "BadRequestException";
            }, message);
        }

        /** The body as a map ready for Gson, keys in a fixed order. */
        public Map<String, Object> json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("type", type);
            body.put("message", message);
            return body;
        }

        @Override
        public ByteBuffer toByteBuffer() {
            return ByteBuffer.wrap(GSON.toJson(json()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Code 200 and {@code answer} as the body. */
    public static Output ok(ServingAnswer answer) {
        Output output = new Output(200, "OK");
        output.addProperty("Content-Type", "application/json");
        output.add(answer);
        return output;
    }

    /**
     * An error answer; the message is in the body (the status message is fixed, so nothing a
     * client sent reaches a status line).
     *
     * @param code the HTTP status it stands for
     * @param message one line that says what is wrong
     */
    public static Output error(int code, String message) {
        Output output = new Output(code, code < 500 ? "Bad Request" : "Error");
        output.addProperty("Content-Type", "application/json");
        output.add(ErrorBody.of(code, message));
        return output;
    }
}
