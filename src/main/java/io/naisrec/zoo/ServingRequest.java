package io.naisrec.zoo;

import ai.djl.ndarray.BytesSupplier;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.naisrec.data.Messages;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request of the serving contract, typed: a recommendation
 * {@code {"history": ["1","50"], "topK": 10, "explain": true, "candidates": 200}}, a similar-items
 * query {@code {"item": "50", "topK": 10}}, or a batch of either {@code {"instances": [...]}}.
 * A route that has already read its request (KServe v2) passes it typed, as the data of an
 * {@code Input}; a JSON body is parsed by the translator. Either way the translator fills in the
 * model's defaults and checks its limits ({@link #within}).
 *
 * @param queries the queries, one unless {@link #batch()}
 * @param batch whether the body was {@code {"instances": [...]}}, answered as
 *     {@code {"predictions": [...]}}
 */
public record ServingRequest(List<Query> queries, boolean batch) implements BytesSupplier {

    private static final Gson GSON = new Gson();
    private static final Gson WRITER = new GsonBuilder().disableHtmlEscaping().create();
    private static final Pattern POSITION = Pattern.compile(
            "line (\\d+) column (\\d+)(?: path (\\S{1,80}))?");
    private static final Set<String> RECOMMEND = Set.of("history", "topK", "explain",
            "candidates");
    private static final Set<String> SIMILAR = Set.of("item", "topK");

    /** Copies the queries: at least one, and exactly one unless a batch. */
    public ServingRequest {
        queries = List.copyOf(queries);
        if (queries.isEmpty() || !batch && queries.size() != 1) {
            throw new IllegalArgumentException("a request has one query, a batch at least one;"
                    + " got " + queries.size());
        }
    }

    /** What one query asks for. */
    public sealed interface Query permits Recommend, Similar {
        /** Items to return, 1 to the limit; {@code null} for the model's default. */
        Integer topK();
    }

    /**
     * The top items for a history.
     *
     * @param topK items to return, or {@code null} for the model's default
     * @param explain whether the answer explains each item by the history's attention weights
     * @param candidates 0 for exact ranking, else the shortlist size of two stages;
     *     {@code null} for the model's default
     */
    public record Recommend(UserHistory history, Integer topK, boolean explain,
            Integer candidates) implements Query {
        /** Requires the history. */
        public Recommend {
            Objects.requireNonNull(history, "history");
        }
    }

    /**
     * The items most similar to one item.
     *
     * @param topK items to return, or {@code null} for the model's default
     */
    public record Similar(String item, Integer topK) implements Query {
        /** Requires the item. */
        public Similar {
            Objects.requireNonNull(item, "item");
        }
    }

    /** A request that cannot be answered; the message (one line) names the field. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        /** A refusal with a one-line message. */
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Limits and defaults of the model that answers.
     *
     * @param maxInstances the most queries of one batch request
     */
    record Limits(int defaultTopK, int maxTopK, int defaultCandidates, int maxInstances) {}

    /**
     * This request with the model's defaults filled in; {@link Invalid} when a query asks for
     * more items than the model's limit or for a negative shortlist.
     */
    ServingRequest within(Limits limits) throws Invalid {
        if (queries.size() > limits.maxInstances()) {
            throw new Invalid("instances has " + queries.size() + " queries, at most "
                    + limits.maxInstances() + " per request");
        }
        List<Query> filled = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            Query query = queries.get(q);
            String at = batch ? "instances[" + q + "]." : "";
            int topK = query.topK() == null ? limits.defaultTopK() : query.topK();
            if (topK < 1 || topK > limits.maxTopK()) {
                throw new Invalid(at + "topK must be between 1 and " + limits.maxTopK()
                        + ", got " + topK);
            }
            if (query instanceof Recommend recommend) {
                int candidates = recommend.candidates() == null ? limits.defaultCandidates()
                        : recommend.candidates();
                if (candidates < 0) {
                    throw new Invalid(at + "candidates must be >= 0 (0 ranks every item), got "
                            + candidates);
                }
                filled.add(new Recommend(recommend.history(), topK, recommend.explain(),
                        candidates));
            } else {
                filled.add(new Similar(((Similar) query).item(), topK));
            }
        }
        return new ServingRequest(filled, batch);
    }

    /** The request as JSON text, as a client would send it. */
    @Override
    public ByteBuffer toByteBuffer() {
        List<Object> json = new ArrayList<>();
        for (Query query : queries) {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (query instanceof Recommend recommend) {
                fields.put("history", recommend.history().items());
                fields.put("explain", recommend.explain());
                fields.put("candidates", recommend.candidates());
            } else {
                fields.put("item", ((Similar) query).item());
            }
            fields.put("topK", query.topK());
            json.add(fields);
        }
        String text = WRITER.toJson(batch ? Map.of("instances", json) : json.get(0));
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a JSON body, with the model's defaults filled in; {@link Invalid} names the first
     * thing wrong with it.
     */
    static ServingRequest parse(String body, Limits limits) throws Invalid {
        ServingRequest request;
        try {
            request = parseChecked(body);
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
        return request.within(limits);
    }

    private static ServingRequest parseChecked(String body) throws Invalid {
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
            return new ServingRequest(List.of(query(object, "")), false);
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
        for (int i = 0; i < array.size(); i++) {
            String at = "instances[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new Invalid(at + " must be a JSON object, not " + kind(array.get(i)));
            }
            queries.add(query(array.get(i).getAsJsonObject(), at + "."));
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

    /**
     * One query from the fields of a JSON object ({@code history} or {@code item}, and
     * {@code topK}, {@code candidates}, {@code explain}); {@link Invalid} names the first field
     * that is wrong.
     */
    public static Query query(JsonObject fields) throws Invalid {
        try {
            return query(fields, "");
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** A request that broke a reader in an unforeseen way: refused, never a server error. */
    static Invalid unreadable(RuntimeException e) {
        return new Invalid("unreadable request: " + Messages.shown(String.valueOf(
                e.getMessage())));
    }

    private static Query query(JsonObject object, String at) throws Invalid {
        boolean history = object.has("history");
        if (history == object.has("item")) {
            throw new Invalid(at.isEmpty() ? "give 'history' (recommendations) or 'item' "
                    + "(similar items), not " + (history ? "both" : "neither")
                    : at + " needs 'history' or 'item', not " + (history ? "both" : "neither"));
        }
        Set<String> allowed = history ? RECOMMEND : SIMILAR;
        for (String field : object.keySet()) {
            if (!allowed.contains(field)) {
                throw new Invalid(at + Messages.shown(field)
                        + ": unknown field (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        Integer topK = integer(object, at, "topK");
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
        Integer candidates = integer(object, at, "candidates");
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

    /** An integer field, or {@code null} when it is not given. */
    private static Integer integer(JsonObject object, String at, String field) throws Invalid {
        JsonElement value = object.get(field);
        if (value == null) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = number(value, at + field);
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                throw new Invalid(at + field + " must be an integer in range, got "
                        + Messages.shown(number.toString()));
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
                : primitive.isNumber() ? "the number " + Messages.shown(primitive.toString())
                : "the string " + Messages.shown(primitive.toString());
    }
}
