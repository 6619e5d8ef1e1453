package io.naisrec.serve;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.naisrec.data.Messages;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.RecommendationsJson;
import io.naisrec.zoo.ServingAnswer;
import io.naisrec.zoo.ServingRequest;
import io.naisrec.zoo.ServingRequest.Invalid;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KServe's v2 Open Inference Protocol over the model's contract: a v2 request becomes a typed
 * {@link ServingRequest} for the model's translator, and its typed {@link ServingAnswer} a v2
 * response, with no JSON text in between. An inference request names its tensors:
 * {@code history} (BYTES, shape [L]: item ids, oldest first) or {@code item} (BYTES, shape [1]),
 * and optionally {@code topK} and {@code candidates} (INT32/INT64, shape [1]) and
 * {@code explain} (BOOL, shape [1]), as inputs or as request {@code parameters}. The answer's
 * outputs are {@code items} (BYTES [K]), {@code scores} (FP32 [K]) and, when explained,
 * {@code explanations} (BYTES [K], each the item's explanation as a JSON array).
 */
final class OpenInference {

    private static final Gson GSON = new Gson();
    private static final Set<String> OPTIONS = Set.of("topK", "candidates", "explain");

    private OpenInference() {}

    /**
     * A v2 request as the model's request.
     *
     * @param request the model's request, one query
     * @param id the request's {@code id}, echoed in the response, or {@code null}
     */
    record Request(ServingRequest request, String id) {}

    /**
     * The model's request for a v2 inference request body; {@link Invalid} names the tensor or
     * field that is wrong.
     */
    static Request request(byte[] body) throws Invalid {
        JsonObject v2;
        try (JsonReader reader = new JsonReader(new StringReader(new String(body,
                StandardCharsets.UTF_8)))) {
            JsonElement json = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new Invalid("malformed JSON: more than one value in the body");
            }
            if (json == null || !json.isJsonObject()) {
                throw new Invalid("the body must be a JSON object with 'inputs'");
            }
            v2 = json.getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new Invalid("malformed JSON");
        }
        JsonElement id = v2.get("id");
        if (id != null && !id.isJsonNull() && !(id.isJsonPrimitive()
                && !id.getAsJsonPrimitive().isBoolean())) {
            throw new Invalid("id must be a string");
        }
        if (!v2.has("inputs") || !v2.get("inputs").isJsonArray()) {
            throw new Invalid("inputs must be an array of tensors");
        }
        JsonObject fields = new JsonObject();
        if (v2.has("parameters")) {
            if (!v2.get("parameters").isJsonObject()) {
                throw new Invalid("parameters must be an object");
            }
            for (var p : v2.getAsJsonObject("parameters").entrySet()) {
                if (!OPTIONS.contains(p.getKey())) {
                    throw new Invalid("parameters." + Messages.shown(p.getKey())
                            + ": unknown parameter (expected candidates, explain or topK)");
                }
                fields.add(p.getKey(), p.getValue());
            }
        }
        for (JsonElement element : v2.getAsJsonArray("inputs")) {
            if (!element.isJsonObject() || !element.getAsJsonObject().has("data")
                    || !(element.getAsJsonObject().get("name") instanceof JsonPrimitive)) {
                throw new Invalid("each input needs a 'name' and 'data'");
            }
            JsonObject tensor = element.getAsJsonObject();
            String name = tensor.get("name").getAsString();
            JsonElement data = tensor.get("data");
            if (fields.has(name)) {
                throw new Invalid("'" + name + "' is given twice");
            }
            if (name.equals("history")) {
                fields.add(name, data);
            } else if (name.equals("item") || OPTIONS.contains(name)) {
                if (!data.isJsonArray() || data.getAsJsonArray().size() != 1) {
                    throw new Invalid("input '" + name + "' must hold one value (shape [1])");
                }
                fields.add(name, data.getAsJsonArray().get(0));
            } else {
                throw new Invalid("input '" + Messages.shown(name) + "' is not one of "
                        + "history, item, topK, candidates, explain");
            }
        }
        return new Request(new ServingRequest(List.of(ServingRequest.query(fields)), false),
                id == null || id.isJsonNull() ? null : id.getAsString());
    }

    /** A v2 inference response for the model's answer to a v2 request (one query). */
    static Map<String, Object> response(String model, String id, ServingAnswer answer) {
        List<String> ids = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<String> explanations = new ArrayList<>();
        for (Recommendations.Item item : answer.answers().get(0).items()) {
            ids.add(item.id());
            scores.add(item.score());
            if (answer.explained(0)) {
                explanations.add(ModelServer.GSON.toJson(
                        RecommendationsJson.explanation(item)));
            }
        }
        List<Map<String, Object>> outputs = new ArrayList<>();
        outputs.add(tensor("items", "BYTES", ids));
        outputs.add(tensor("scores", "FP32", scores));
        if (!explanations.isEmpty()) {
            outputs.add(tensor("explanations", "BYTES", explanations));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("model_name", model);
        if (id != null) {
            response.put("id", id);
        }
        response.put("outputs", outputs);
        return response;
    }

    /** What {@code GET /v2/models/{name}} says: the model's tensors. */
    static Map<String, Object> metadata(String model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model);
        m.put("versions", List.of("1"));
        m.put("platform", "djl_pytorch");
        m.put("inputs", List.of(tensorMetadata("history", "BYTES", -1),
                tensorMetadata("item", "BYTES", 1), tensorMetadata("topK", "INT32", 1),
                tensorMetadata("candidates", "INT32", 1), tensorMetadata("explain", "BOOL", 1)));
        m.put("outputs", List.of(tensorMetadata("items", "BYTES", -1),
                tensorMetadata("scores", "FP32", -1),
                tensorMetadata("explanations", "BYTES", -1)));
        return m;
    }

    private static Map<String, Object> tensor(String name, String type, List<?> data) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("shape", List.of(data.size()));
        t.put("datatype", type);
        t.put("data", data);
        return t;
    }

    private static Map<String, Object> tensorMetadata(String name, String type, int size) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("datatype", type);
        t.put("shape", List.of(size));
        return t;
    }
}
