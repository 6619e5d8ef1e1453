package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import io.naisrec.model.ModelKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EASE model folder: written with each item's kept neighbours, read back with the same
 * weights, loaded through DJL's {@code Criteria}, and its recommendations and explanations the
 * sums of the weights B_ji.
 */
class EaseFolderTest {

    private static final int ITEMS = 12;
    private static final int KEPT = 3;

    @TempDir
    Path scratch;

    private static InteractionDataset generated() {
        InteractionLog log = new InteractionLog();
        SplittableRandom random = new SplittableRandom(11);
        for (int u = 0; u < 30; u++) {
            for (int k = 0; k < 5; k++) {
                log.add("u" + u, "i" + random.nextInt(ITEMS), k);
            }
        }
        return InteractionDataset.of("gen", log);
    }

    @Test
    void theFolderRoundTripsItsPrunedWeightsAndRecommendsAndExplainsWithThem() throws Exception {
        InteractionDataset data = generated();
        int n = data.numItems();
        float[][] fitted = new float[n][n];
        Path folder = scratch.resolve("ease");
        try (Model model = Model.newInstance(ModelDirectory.PARAMS_PREFIX, Device.cpu())) {
            EaseBlock block = EaseBlock.fit(data, new EaseConfig(20f, KEPT),
                    model.getNDManager());
            model.setBlock(block);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    fitted[j][i] = block.weight(j, i);
                }
            }
            ModelDirectory.save(folder, model, ItemVocabulary.of(data.items(), Map.of()),
                    Map.of("seed", 1), Map.of());
        }
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(folder, Device.cpu())) {
            assertEquals(ModelKind.EASE, loaded.kind());
            EaseBlock block = assertInstanceOf(EaseBlock.class, loaded.block());
            for (int j = 0; j < n; j++) {
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    assertEquals(fitted[j][i], block.weight(j, i), 0f, "B[" + j + "][" + i + "]");
                    kept += block.weight(j, i) != 0f ? 1 : 0;
                }
                assertTrue(kept <= KEPT, "item " + j + " keeps " + kept + " neighbours");
            }
        }
        List<String> history = List.of("i1", "i4", "i7");
        int[] known = history.stream().mapToInt(id -> data.items().indexOf(id)).toArray();
        Recommendations recs;
        try (ZooModel<UserHistory, Recommendations> zoo = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(folder)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", 4)
                .build().loadModel(); var predictor = zoo.newPredictor()) {
            recs = predictor.predict(UserHistory.of(history));
        }
        List<Integer> order = IntStream.range(0, n).filter(i -> IntStream.of(known)
                .noneMatch(j -> j == i)).boxed().sorted(Comparator.comparingDouble(
                        i -> -score(fitted, known, i))).toList();
        assertEquals(4, recs.items().size());
        for (int r = 0; r < 4; r++) {
            Recommendations.Item item = recs.items().get(r);
            int target = data.items().indexOf(item.id());
            assertEquals(score(fitted, known, order.get(r)), item.score(), 1e-5, "rank " + r);
            assertEquals(score(fitted, known, target), item.score(), 1e-5);
            assertFalse(IntStream.of(known).anyMatch(j -> j == target), "never the history");
            List<Float> contributions = new ArrayList<>();
            for (Recommendations.Explanation why : item.explanation()) {
                int j = data.items().indexOf(why.id());
                assertEquals(fitted[j][target], why.contribution(), 1e-6, "B_ji of " + why.id());
                assertEquals(fitted[j][target], why.weight(), 1e-6, "EASE's weight is B_ji");
                contributions.add(why.contribution());
            }
            assertEquals(3, contributions.size());
            for (int e = 1; e < contributions.size(); e++) {
                assertTrue(contributions.get(e - 1) >= contributions.get(e),
                        "largest contribution first: " + contributions);
            }
        }
    }

    private static double score(float[][] b, int[] history, int target) {
        double sum = 0;
        for (int j : history) {
            sum += b[j][target];
        }
        return sum;
    }
}
