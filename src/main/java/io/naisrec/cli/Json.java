package io.naisrec.cli;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One-line JSON for the last line of {@code --json} output. */
final class Json {

    private Json() {}

    /**
     * The map as one JSON object on one line. NaN and infinities in it and in its nested maps
     * and lists (a ratio with a zero denominator, a metric with no user) are written as
     * {@code null}, which every JSON parser reads.
     */
    static String line(Map<String, ?> fields) {
        return new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues()
                .disableHtmlEscaping().create()
                .toJson(finite(fields));
    }

    /**
     * The fields as a table, a key padded to {@code width} then its value (doubles to four
     * significant digits), then with {@code json} the same as one JSON line.
     */
    static void print(PrintWriter out, Map<String, ?> fields, int width, boolean json) {
        fields.forEach((key, value) -> out.printf(Locale.ROOT, "%-" + width + "s %s%n", key,
                value instanceof Double v ? String.format(Locale.ROOT, "%.4g", v) : value));
        if (json) {
            out.println(line(fields));
        }
        out.flush();
    }

    private static Object finite(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, finite(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Json::finite).toList();
        }
        return value;
    }
}
