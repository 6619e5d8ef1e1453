package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL Serving's contract, {@code Input} → {@code Output}, loaded by path with DJL's API only. */
class ServingTranslatorTest {

    @TempDir
    static Path root;
    static ZooModel<Input, Output> served;
    static Predictor<Input, Output> predictor;

    @BeforeAll
    static void load() throws Exception {
        Path nais = TrainedModels.train(root, "tiny-nais", "nais-prod", "--max-history", "4");
        served = Criteria.builder().setTypes(Input.class, Output.class).optModelPath(nais)
                .build().loadModel();
        predictor = served.newPredictor();
    }

    @AfterAll
    static void close() {
        predictor.close();
        served.close();
    }

    static Input input(String body) {
        Input input = new Input();
        input.add("data", body);
        return input;
    }

    static JsonObject answer(Output output) {
        return JsonParser.parseString(output.getData().getAsString()).getAsJsonObject();
    }

    /** The same query through the typed API, with the project's factory and arguments. */
    static Recommendations typed(Class<?> kind, Object query, int topK, int candidates)
            throws Exception {
        Path model = served.getModelPath();
        @SuppressWarnings("unchecked")
        Criteria<Object, Recommendations> criteria = (Criteria<Object, Recommendations>)
                (Criteria<?, ?>) Criteria.builder().setTypes(kind, Recommendations.class)
                        .optModelPath(model).optTranslatorFactory(new NaisTranslatorFactory())
                        .optArgument("topK", topK).optArgument("candidates", candidates)
                        .build();
        try (var zoo = criteria.loadModel(); var typed = zoo.newPredictor()) {
            return typed.predict(query);
        }
    }

    static void assertSame(Recommendations expected, JsonObject actual, boolean explain) {
        JsonArray items = actual.getAsJsonArray("items");
        assertEquals(expected.items().size(), items.size(), actual.toString());
        for (int r = 0; r < items.size(); r++) {
            Recommendations.Item item = expected.items().get(r);
            JsonObject got = items.get(r).getAsJsonObject();
            assertEquals(r + 1, got.get("rank").getAsInt());
            assertEquals(item.id(), got.get("id").getAsString());
            JsonElement score = got.has("score") ? got.get("score") : got.get("similarity");
            assertEquals(item.score(), score.getAsFloat(), 1e-5);
            assertEquals(explain, got.has("explanation"));
            for (int j = 0; explain && j < item.explanation().size(); j++) {
                JsonObject why = got.getAsJsonArray("explanation").get(j).getAsJsonObject();
                assertEquals(item.explanation().get(j).id(), why.get("id").getAsString());
                assertEquals(item.explanation().get(j).weight(), why.get("weight").getAsFloat(),
                        1e-5);
            }
        }
    }

    @Test
    void answersAreThePredictorsForRecommendationsTwoStagesAndSimilarItems() throws Exception {
        List<String> history = List.of("3", "10", "17", "21", "5", "999");
        Output exact = predictor.predict(input(
                "{\"history\": [\"3\",\"10\",\"17\",\"21\",\"5\",\"999\"], \"topK\": 7, "
                        + "\"explain\": true}"));
        assertEquals(200, exact.getCode());
        JsonObject json = answer(exact);
        assertSame(typed(UserHistory.class, UserHistory.of(history), 7, 0), json, true);
        assertEquals("[\"999\"]", json.get("unknown").toString());
        assertEquals(4, json.get("history_used").getAsInt());
        assertEquals(history.toString(), json.get("history").getAsJsonArray().asList().stream()
                .map(JsonElement::getAsString).toList().toString());

        Output staged = predictor.predict(input(
                "{\"history\": [3, 10, 17], \"topK\": 5, \"candidates\": 8}"));
        assertSame(typed(UserHistory.class, UserHistory.of("3", "10", "17"), 5, 8),
                answer(staged), false);

        Output similar = predictor.predict(input("{\"item\": \"10\"}"));
        assertSame(typed(SimilarItemsQuery.class, SimilarItemsQuery.of("10"),
                NaisTranslatorFactory.DEFAULT_TOP_K, 0), answer(similar), false);
        assertEquals("10", answer(similar).get("item").getAsString());
    }

    @Test
    void aBatchMixesKindsAndSizesAndABadInputFailsAlone() throws Exception {
        List<String> bodies = List.of(
                "{\"history\": [\"3\", \"10\"], \"topK\": 3}",
                "{\"history\": [\"3\", \"10\"], \"topK\": 0}",
                "{\"item\": \"7\", \"topK\": 2}",
                "{\"history\": [\"4\", \"8\", \"15\"], \"topK\": 12, \"candidates\": 20}",
                "{\"instances\": [{\"history\": [\"4\"]}, {\"item\": \"9\", \"topK\": 1}]}",
                "{\"history\": [\"nope\"]}");
        List<Input> inputs = new ArrayList<>();
        bodies.forEach(b -> inputs.add(input(b)));
        List<Output> outputs = predictor.batchPredict(inputs);
        List<Integer> codes = outputs.stream().map(Output::getCode).toList();
        assertEquals(List.of(200, 400, 200, 200, 200, 400), codes);
        for (int i : new int[] {0, 2, 3, 4}) {
            Output alone = predictor.predict(input(bodies.get(i)));
            assertEquals(strip(answer(alone)), strip(answer(outputs.get(i))), bodies.get(i));
        }
        assertEquals(3, answer(outputs.get(0)).getAsJsonArray("items").size());
        assertEquals(12, answer(outputs.get(3)).getAsJsonArray("items").size());
        JsonArray predictions = answer(outputs.get(4)).getAsJsonArray("predictions");
        assertEquals(2, predictions.size());
        assertEquals(1, predictions.get(1).getAsJsonObject().getAsJsonArray("items").size());
    }

    /** Ids and ranks only: scores of one batch and another agree to float rounding. */
    private static String strip(JsonObject answer) {
        return answer.toString().replaceAll("\"(score|similarity|weight)\":[-0-9.eE]+", "");
    }

    @Test
    void everyBadRequestIsA400WithOneMessageNamingWhatIsWrong() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("", "the request body is empty"),
                Map.entry("{\"history\": [\"3\"", "malformed JSON"),
                Map.entry("{\"history\": [\"3\"]} {}", "more than one value"),
                Map.entry("[1, 2]", "must be a JSON object, not an array"),
                Map.entry("{}", "give 'history' (recommendations) or 'item'"),
                Map.entry("{\"history\": []}", "history is empty"),
                Map.entry("{\"history\": \"3\"}", "history must be an array"),
                Map.entry("{\"history\": [\"3\", null]}", "history[1] must be an item id"),
                Map.entry("{\"history\": [\"x\", \"y\"]}", "none of the 2 history items"),
                Map.entry("{\"history\": [\"3\"], \"topK\": 0}", "topK must be between 1"),
                Map.entry("{\"history\": [\"3\"], \"topK\": 1001}", "topK must be between 1"),
                Map.entry("{\"history\": [\"3\"], \"topK\": 2.5}", "topK must be an integer"),
                Map.entry("{\"history\": [\"3\"], \"topK\": \"5\"}", "topK must be an integer"),
                Map.entry("{\"history\": [\"3\"], \"candidates\": -1}", "candidates must be"),
                Map.entry("{\"history\": [\"3\"], \"explain\": 1}", "explain must be true"),
                Map.entry("{\"history\": [\"3\"], \"top_k\": 5}", "top_k: unknown field"),
                Map.entry("{\"history\": [\"3\"], \"item\": \"3\"}", "not both"),
                Map.entry("{\"item\": \"zzz\"}", "item: item 'zzz' is not known"),
                Map.entry("{\"instances\": []}", "instances must be a non-empty array"),
                Map.entry("{\"history\": [\"3\"], \"topK\": 1e99999}",
                        "topK is a number too large"),
                Map.entry("{\"history\": [1e99999]}", "history[0] is a number too large"),
                Map.entry("{\"history\": [\"3\"], \"topK\": 1" + "0".repeat(10_001) + "}",
                        "malformed JSON at line 1 column 28 ($.topK)"),
                Map.entry("{\"item\": \"" + "z".repeat(5000) + "\"}", "is not known"),
                Map.entry("{\"instances\": [" + String.join(",", java.util.Collections.nCopies(
                        65, "{\"item\": \"3\"}")) + "]}", "65 queries, at most 64"),
                Map.entry("{\"instances\": [{\"history\": [\"3\"]}, {\"item\": 5.5}]}",
                        "instances[1].item must be an item id"));
        for (var c : cases.entrySet()) {
            Output output = predictor.predict(input(c.getKey()));
            assertEquals(400, output.getCode(), c.getKey());
            JsonObject error = answer(output);
            assertEquals(400, error.get("code").getAsInt());
            String message = error.get("message").getAsString();
            assertTrue(message.contains(c.getValue()), c.getKey() + " → " + message);
            assertTrue(!message.contains("\n") && !message.contains("Exception"), message);
            assertTrue(message.length() < 300, "what the client sent is not echoed in full");
        }
    }

    @Test
    void aTypedRequestIsAnsweredAsItsJsonTextWithExplanationsOnlyWhereAsked() throws Exception {
        ServingRequest typed = new ServingRequest(List.of(
                new ServingRequest.Recommend(UserHistory.of("3", "10", "17"), 4, false, null),
                new ServingRequest.Recommend(UserHistory.of("3", "10", "17"), 4, true, 8),
                new ServingRequest.Similar("7", null)), true);
        Input input = new Input();
        input.add("data", typed);
        Output fromTyped = predictor.predict(input);
        Output fromText = predictor.predict(input(typed.getAsString()));
        assertEquals(200, fromTyped.getCode(), fromTyped.getData().getAsString());
        assertEquals(fromText.getData().getAsString(), fromTyped.getData().getAsString());
        ServingAnswer answer = (ServingAnswer) fromTyped.getData();
        List<Recommendations.Item> plain = answer.answers().get(0).items();
        List<Recommendations.Item> explained = answer.answers().get(1).items();
        assertEquals(4, plain.size());
        assertTrue(plain.stream().allMatch(item -> item.explanation().isEmpty()));
        assertTrue(explained.stream().allMatch(item -> item.explanation().size() == 3));
        assertSame(typed(UserHistory.class, UserHistory.of("3", "10", "17"), 4, 8),
                answer(fromTyped).getAsJsonArray("predictions").get(1).getAsJsonObject(), true);
        assertEquals(NaisTranslatorFactory.DEFAULT_TOP_K, answer.answers().get(2).items().size());

        Map<ServingRequest.Query, String> refusals = Map.of(
                new ServingRequest.Similar("7", 1001), "topK must be between 1 and 1000",
                new ServingRequest.Recommend(UserHistory.of("3"), 2, false, -1),
                "candidates must be >= 0");
        for (var refusal : refusals.entrySet()) {
            Input bad = new Input();
            bad.add("data", new ServingRequest(List.of(refusal.getKey()), false));
            Output refused = predictor.predict(bad);
            assertEquals(400, refused.getCode());
            assertTrue(answer(refused).get("message").getAsString().contains(
                    refusal.getValue()), refused.getData().getAsString());
        }
    }
}
