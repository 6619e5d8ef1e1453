package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.naisrec.data.DatasetResolver;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.TestFiles;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.RaggedHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NAIS folder trained with {@code --first-stage ease}: two stages (the typed API, the serving
 * contract and a DJL Serving export) shortlist by EASE^R's top M, computed here from an
 * {@link EaseBlock} fitted the same way, re-ranked by the model; a damaged first stage is a
 * one-line error naming its file.
 */
class FirstStageFolderTest {

    private static final float LAMBDA = 5f;
    private static final int NEIGHBOURS = 10;
    private static final int M = 6;
    private static final List<String> HISTORY = List.of("3", "11", "17", "26");

    @TempDir
    static Path root;
    static Path model;

    @TempDir
    Path scratch;

    @BeforeAll
    static void train() {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder lines = new StringBuilder();
        for (int u = 1; u <= 60; u++) {
            int[] items = random.ints(1, 41).distinct().limit(8 + random.nextInt(8)).toArray();
            for (int t = 0; t < items.length; t++) {
                lines.append(u).append('\t').append(items[t]).append("\t4\t").append(1000 + t)
                        .append('\n');
            }
        }
        TestFiles.write(root, "data/u.data", lines.toString());
        model = TrainedModels.train(root, "staged", "nais-prod", "--first-stage", "ease",
                "--lambda", Float.toString(LAMBDA), "--neighbours",
                Integer.toString(NEIGHBOURS));
    }

    /** EASE's top M outside the history, re-ranked by the folder's model: ids, best first. */
    private static List<String> expected() throws Exception {
        LeaveOneOutSplit split = new DatasetResolver(null, root.resolve("cache"), true, null)
                .resolve(root.resolve("data/u.data").toString())
                .split(LeaveOneOutSplit.NCF_NEGATIVES, 42);
        List<String> ids = split.train().items().ids();
        assertEquals(ids, ItemVocabulary.read(model.resolve(ItemVocabulary.FILE)).ids());
        int[] history = HISTORY.stream().mapToInt(ids::indexOf).toArray();
        Set<Integer> held = new HashSet<>();
        IntStream.of(history).forEach(held::add);
        int[] shortlist;
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock ease = EaseBlock.fit(split.train(), new EaseConfig(LAMBDA, NEIGHBOURS),
                    manager);
            float[] score = new float[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                for (int j : history) {
                    score[i] += ease.weight(j, i);
                }
            }
            shortlist = IntStream.range(0, ids.size()).filter(i -> !held.contains(i)).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -score[i])).limit(M)
                    .mapToInt(Integer::intValue).toArray();
        }
        float[] logits = new float[M];
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model, Device.cpu())) {
            new BlockScorer(loaded.block(), loaded.model().getNDManager()).score(history,
                    shortlist, logits);
        }
        return IntStream.range(0, M).boxed().sorted(Comparator.comparingDouble(
                (Integer s) -> -logits[s])).map(s -> ids.get(shortlist[s])).toList();
    }

    private static List<String> recommended(Path folder, String firstStage) throws Exception {
        Criteria.Builder<UserHistory, Recommendations> criteria = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(folder)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", M)
                .optArgument("candidates", M);
        if (firstStage != null) {
            criteria.optArgument(FirstStageFile.ARGUMENT, firstStage);
        }
        try (ZooModel<UserHistory, Recommendations> zoo = criteria.build().loadModel();
                Predictor<UserHistory, Recommendations> predictor = zoo.newPredictor()) {
            Recommendations recs = predictor.predict(UserHistory.of(HISTORY));
            List<String> ids = new ArrayList<>();
            for (Recommendations.Item item : recs.items()) {
                assertEquals(HISTORY.size(), item.explanation().size(), "explained");
                ids.add(item.id());
            }
            return ids;
        }
    }

    private static List<String> served(Criteria<Input, Output> criteria) throws Exception {
        String request = "{\"history\": [\"" + String.join("\", \"", HISTORY) + "\"], "
                + "\"topK\": " + M + ", \"candidates\": " + M + ", \"explain\": true}";
        String answer = DjlServingFolderTest.answers(criteria, List.of(request)).get(0);
        assertTrue(answer.startsWith("200\t"), answer);
        JsonArray items = JsonParser.parseString(answer.substring(4)).getAsJsonObject()
                .getAsJsonArray("items");
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    @Test
    void twoStagesReRankEasesTopMByTheModelInTheTypedApiAndTheServingContract()
            throws Exception {
        List<String> expected = expected();
        ModelDirectory.Description description = ModelDirectory.verify(model);
        assertEquals(new EaseConfig(LAMBDA, NEIGHBOURS), description.firstStage().config());
        assertEquals(expected, recommended(model, null), "the folder's EASE by default");
        assertEquals(expected, recommended(model, "ease"));
        assertNotEquals(Set.copyOf(expected), Set.copyOf(recommended(model, "fism")),
                "FISM's first stage shortlists other items for this history");
        assertEquals(expected, served(Criteria.builder().setTypes(Input.class, Output.class)
                .optModelPath(model).optTranslatorFactory(new NaisTranslatorFactory())
                .build()));
    }

    @Test
    void aRecommendationBlockRanksWithTheLoadedFirstStage() throws Exception {
        List<String> expected = expected();
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(model, Device.cpu());
                NDManager scope = loaded.model().getNDManager().newSubManager()) {
            EaseBlock ease = FirstStageFile.load(loaded.description(), scope);
            RecommendationBlock block = new RecommendationBlock(loaded.block(), M, M,
                    new FismCandidates(ease));
            int[] history = HISTORY.stream().mapToInt(id -> loaded.items().indexOf(id)
                    .orElseThrow()).toArray();
            int[] items = block.forward(new ParameterStore(scope, false),
                    RaggedHistory.inputs(scope, List.of(history)), false).get(0).toIntArray();
            assertEquals(expected, IntStream.of(items).mapToObj(i -> loaded.items().ids().get(i))
                    .toList());
        }
    }

    @Test
    void aDjlServingExportCarriesTheFirstStage() throws Exception {
        Path exported = scratch.resolve("store/staged");
        assertEquals(0, TrainedModels.cli("export", "--format", "djl-serving", "--model",
                model.toString(), "--out", exported.toString()));
        assertArrayEquals(Files.readAllBytes(model.resolve(FirstStageFile.FILE)),
                Files.readAllBytes(exported.resolve(FirstStageFile.FILE)));
        assertNotNull(ModelDirectory.verify(exported).firstStage());
        assertEquals(expected(), served(Criteria.builder().setTypes(Input.class, Output.class)
                .optModelPath(exported).build()), "by path, as DJL Serving loads it");
    }

    @Test
    void aFolderWithoutAFirstStageShortlistsByFismAndRefusesEase() throws Exception {
        Path plain = TrainedModels.copy(model, scratch.resolve("plain"));
        Files.delete(plain.resolve(FirstStageFile.FILE));
        TrainedModels.editMetadata(plain, json -> {
            json.remove(FirstStageFile.KEY);
            json.getAsJsonObject("files").remove(FirstStageFile.FILE);
        });
        assertNull(ModelDirectory.verify(plain).firstStage());
        assertEquals(recommended(model, "fism"), recommended(plain, null));
        IOException refused = assertThrows(IOException.class, () -> recommended(plain,
                "ease"));
        assertTrue(refused.getMessage().contains("holds no EASE first stage"),
                refused.getMessage());
    }

    @Test
    void aDamagedFirstStageIsAOneLineErrorNamingItsFile() throws Exception {
        Path corrupt = TrainedModels.copy(model, scratch.resolve("corrupt"));
        byte[] bytes = Files.readAllBytes(corrupt.resolve(FirstStageFile.FILE));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(corrupt.resolve(FirstStageFile.FILE), bytes);
        assertOneLine(assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(corrupt)), "first-stage.params: checksum mismatch");

        Path truncated = TrainedModels.copy(model, scratch.resolve("truncated"));
        Files.write(truncated.resolve(FirstStageFile.FILE), new byte[] {2, 0, 0});
        TrainedModels.resign(truncated, FirstStageFile.FILE);
        assertOneLine(assertThrows(IOException.class, () -> recommended(truncated, null)),
                "first-stage.params: cannot load the EASE first stage");

        Path missing = TrainedModels.copy(model, scratch.resolve("missing"));
        Files.delete(missing.resolve(FirstStageFile.FILE));
        assertOneLine(assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(missing)), "first-stage.params: missing");

        Path unlisted = TrainedModels.copy(model, scratch.resolve("unlisted"));
        TrainedModels.editMetadata(unlisted, json -> json.getAsJsonObject("files")
                .remove(FirstStageFile.FILE));
        assertOneLine(assertThrows(MalformedModelException.class,
                () -> ModelDirectory.verify(unlisted)), "which its files do not list");
    }

    private static void assertOneLine(Exception e, String expected) {
        String message = e.getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n"), message);
    }
}
