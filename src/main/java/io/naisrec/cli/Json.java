package io.naisrec.cli;

import com.google.gson.GsonBuilder;
import java.util.Map;

/** One-line JSON for the last line of {@code --json} output. */
final class Json {

    private Json() {}

    /** The map as one JSON object on one line (NaN and infinities written as-is). */
    static String line(Map<String, ?> fields) {
        return new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
                .create().toJson(fields);
    }
}
