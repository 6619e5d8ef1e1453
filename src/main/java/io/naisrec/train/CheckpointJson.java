package io.naisrec.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.eval.EvaluationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a checkpoint as JSON, field by field: bound by hand rather than by reflection,
 * since a host that puts an older Gson first on the class path (a notebook kernel, an
 * application server) cannot bind records reflectively.
 */
final class CheckpointJson {

    private CheckpointJson() {}

    static JsonArray records(List<EpochRecord> records) {
        JsonArray array = new JsonArray();
        for (EpochRecord r : records) {
            JsonObject json = new JsonObject();
            json.addProperty("epoch", r.epoch());
            json.addProperty("loss", r.loss());
            json.addProperty("hitRatio", r.hitRatio());
            json.addProperty("ndcg", r.ndcg());
            json.addProperty("beta", r.beta());
            json.addProperty("seconds", r.seconds());
            json.addProperty("heapMb", r.heapMb());
            json.addProperty("rssMb", r.rssMb());
            array.add(json);
        }
        return array;
    }

    static List<EpochRecord> records(JsonArray array) {
        List<EpochRecord> records = new ArrayList<>();
        for (JsonElement element : array) {
            JsonObject r = element.getAsJsonObject();
            records.add(new EpochRecord(r.get("epoch").getAsInt(), r.get("loss").getAsDouble(),
                    r.get("hitRatio").getAsDouble(), r.get("ndcg").getAsDouble(),
                    r.get("beta").getAsDouble(), r.get("seconds").getAsDouble(),
                    r.get("heapMb").getAsLong(), r.get("rssMb").getAsLong()));
        }
        return records;
    }

    static JsonObject result(EvaluationResult result) {
        JsonObject json = new JsonObject();
        json.addProperty("protocol", result.protocol());
        json.addProperty("k", result.k());
        json.add("users", ints(result.users()));
        json.add("ranks", ints(result.ranks()));
        json.add("candidates", ints(result.candidates()));
        return json;
    }

    static EvaluationResult result(JsonObject json) {
        return new EvaluationResult(json.get("protocol").getAsString(), json.get("k").getAsInt(),
                ints(json.getAsJsonArray("users")), ints(json.getAsJsonArray("ranks")),
                ints(json.getAsJsonArray("candidates")));
    }

    private static JsonArray ints(int[] values) {
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }

    private static int[] ints(JsonArray array) {
        int[] values = new int[array.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = array.get(k).getAsInt();
        }
        return values;
    }
}
