package io.naisrec.zoo;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request body of the serving contract, parsed and validated: a recommendation
 * {@code {"history": ["1","50"], "topK": 10, "explain": true, "candidates": 200}}, a similar-items
 * query {@code {"item": "50", "topK": 10}}, or a batch of either {@code {"instances": [...]}}.
 *
 * @param queries the queries, one unless {@link #batch()}
 * @param batch whether the body was {@code {"instances": [...]}}, answered as
 *     {@code {"predictions": [...]}}
 */
record ServingRequest(List<Query> queries, boolean batch) {

    private static final Gson GSON = new Gson();
    private static final Pattern POSITION = Pattern.compile(
            "line (\\d+) column (\\d+)(?: path (\\S{1,80}))?");
    private static final Set<String> RECOMMEND = Set.of("history", "topK", "explain",
            "candidates");
    private static final Set<String> SIMILAR = Set.of("item", "topK");

    /** What one query asks for. */
    sealed interface Query permits Recommend, Similar {
        /** Items to return, 1 to the limit. */
        int topK();
    }

    /**
     * The top items for a history.
     *
     * @param candidates 0 for exact ranking, else the shortlist size of two stages
     */
    record Recommend(UserHistory history, int topK, boolean explain, int candidates)
            implements Query {}

    /** The items most similar to one item. */
    record Similar(String item, int topK) implements Query {}

    /** A request that cannot be answered; the message names the field. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Limits and defaults of the model that answers.
     *
     * @param maxInstances the most queries of one batch request
     */
    record Limits(int defaultTopK, int maxTopK, int defaultCandidates, int maxInstances) {}

    /** Parses a body; {@link Invalid} names the first thing wrong with it. */
    static ServingRequest parse(String body, Limits limits) throws Invalid {
        try {
            return parseChecked(body, limits);
        } catch (RuntimeException e) {
            throw new Invalid("unreadable request: " + shown(String.valueOf(e.getMessage())));
        }
    }

    private static ServingRequest parseChecked(String body, Limits limits) throws Invalid {
        if (body == null || body.isBlank()) {
            throw new Invalid("the request body is empty: send a JSON object such as "
                    + "{\"history\": [\"1\", \"50\"], \"topK\": 10}");
        }
        JsonElement json = read(body);
        if (!json.isJsonObject()) {
            throw new Invalid("the request body must be a JSON object, not " + kind(json));
        }
        JsonObject object = json.getAsJsonObject();
        if (!object.has("instances")) {
            return new ServingRequest(List.of(query(object, "", limits)), false);
        }
        if (object.size() != 1) {
            throw new Invalid("a batch has only the field 'instances'");
        }
        JsonElement instances = object.get("instances");
        if (!instances.isJsonArray() || instances.getAsJsonArray().isEmpty()) {
            throw new Invalid("instances must be a non-empty array of queries");
        }
        List<Query> queries = new ArrayList<>();
        JsonArray array = instances.getAsJsonArray();
        if (array.size() > limits.maxInstances()) {
            throw new Invalid("instances has " + array.size() + " queries, at most "
                    + limits.maxInstances() + " per request");
        }
        for (int i = 0; i < array.size(); i++) {
            String at = "instances[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new Invalid(at + " must be a JSON object, not " + kind(array.get(i)));
            }
            queries.add(query(array.get(i).getAsJsonObject(), at + ".", limits));
        }
        return new ServingRequest(queries, true);
    }

    private static JsonElement read(String body) throws Invalid {
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            JsonElement json;
            try {
                json = GSON.getAdapter(JsonElement.class).read(reader);
            } catch (IOException | JsonParseException | IllegalStateException e) {
                Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
                throw new Invalid("malformed JSON" + (at.find() ? " at line " + at.group(1)
                        + " column " + at.group(2)
                        + (at.group(3) == null ? "" : " (" + at.group(3) + ")") : ""));
            }
            try {
                if (reader.peek() == JsonToken.END_DOCUMENT) {
                    return json;
                }
            } catch (IOException e) {
                // more follows the value, which is not JSON either
            }
            throw new Invalid("malformed JSON: more than one value in the body");
        } catch (IOException e) {
            throw new Invalid("malformed JSON");
        }
    }

    private static Query query(JsonObject object, String at, Limits limits) throws Invalid {
        boolean history = object.has("history");
        if (history == object.has("item")) {
            throw new Invalid(at.isEmpty() ? "give 'history' (recommendations) or 'item' "
                    + "(similar items), not " + (history ? "both" : "neither")
                    : at + " needs 'history' or 'item', not " + (history ? "both" : "neither"));
        }
        Set<String> allowed = history ? RECOMMEND : SIMILAR;
        for (String field : object.keySet()) {
            if (!allowed.contains(field)) {
                throw new Invalid(at + shown(field) + ": unknown field (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        int topK = integer(object, at, "topK", limits.defaultTopK());
        if (topK < 1 || topK > limits.maxTopK()) {
            throw new Invalid(at + "topK must be between 1 and " + limits.maxTopK() + ", got "
                    + topK);
        }
        if (!history) {
            return new Similar(id(object.get("item"), at + "item"), topK);
        }
        JsonElement items = object.get("history");
        if (!items.isJsonArray()) {
            throw new Invalid(at + "history must be an array of item ids, not " + kind(items));
        }
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < items.getAsJsonArray().size(); j++) {
            ids.add(id(items.getAsJsonArray().get(j), at + "history[" + j + "]"));
        }
        if (ids.isEmpty()) {
            throw new Invalid(at + "history is empty: give at least one item id");
        }
        int candidates = integer(object, at, "candidates", limits.defaultCandidates());
        if (candidates < 0) {
            throw new Invalid(at + "candidates must be >= 0 (0 ranks every item), got "
                    + candidates);
        }
        boolean explain = false;
        if (object.has("explain")) {
            JsonElement value = object.get("explain");
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
                throw new Invalid(at + "explain must be true or false, not " + kind(value));
            }
            explain = value.getAsBoolean();
        }
        return new Recommend(UserHistory.of(ids), topK, explain, candidates);
    }

    /** An item id: a string, or an integer written as a number. */
    private static String id(JsonElement value, String at) throws Invalid {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = number(value, at);
            if (number.stripTrailingZeros().scale() <= 0 && number.abs().compareTo(
                    BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return number.toBigInteger().toString();
            }
        }
        throw new Invalid(at + " must be an item id (a string), not " + kind(value));
    }

    private static int integer(JsonObject object, String at, String field, int fallback)
            throws Invalid {
        JsonElement value = object.get(field);
        if (value == null) {
            return fallback;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = number(value, at + field);
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                throw new Invalid(at + field + " must be an integer in range, got "
                        + shown(number.toString()));
            }
        }
        throw new Invalid(at + field + " must be an integer, not " + kind(value));
    }

    /** A JSON number; one too long or too large to read is refused. */
    private static BigDecimal number(JsonElement value, String at) throws Invalid {
        try {
            return value.getAsBigDecimal();
        } catch (NumberFormatException e) {
            throw new Invalid(at + " is a number too large to read");
        }
    }

    /** At most 64 characters of what a client sent, for messages. */
    static String shown(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static String kind(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return primitive.isBoolean() ? "a boolean " + primitive
                : primitive.isNumber() ? "the number " + shown(primitive.toString())
                : "the string " + shown(primitive.toString());
    }
}
