package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.naisrec.model.NaisOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading through DJL's Criteria, by path and by zoo coordinates, and what predictors answer. */
class ZooLoadingTest {

    @TempDir
    static Path root;
    static Path nais;
    static Path fism;

    @BeforeAll
    static void train() {
        nais = TrainedModels.train(root, "tiny-nais", "nais-prod");
        fism = TrainedModels.train(root, "tiny-fism", "fism");
        System.setProperty("nais.model.dir", root.resolve("models").toString());
    }

    @AfterAll
    static void forgetZoo() {
        System.clearProperty("nais.model.dir");
    }

    private static ZooModel<UserHistory, Recommendations> byPath(Path model, int k)
            throws Exception {
        return Criteria.builder().setTypes(UserHistory.class, Recommendations.class)
                .optModelPath(model).optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("topK", k).build().loadModel();
    }

    private static List<String> ids(Recommendations recs) {
        return recs.items().stream().map(Recommendations.Item::id).toList();
    }

    /** Catalogue indices of external ids. */
    private static int[] indices(ModelDirectory.Loaded loaded, List<String> ids) {
        return ids.stream().mapToInt(id -> loaded.items().indexOf(id).orElseThrow()).toArray();
    }

    @Test
    void byPathTheTopItemsWeightsAndContributionsAreTheOraclesFromTheParameters()
            throws Exception {
        List<String> history = List.of("3", "10", "17");
        Recommendations recs;
        try (var model = byPath(nais, 5); var predictor = model.newPredictor()) {
            recs = predictor.predict(UserHistory.of(history));
        }
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(nais, Device.cpu())) {
            NaisOracle oracle = new NaisOracle(loaded.block());
            int[] known = indices(loaded, history);
            List<Integer> best = oracle.top(known, loaded.items().size(), 5);
            assertEquals(5, recs.items().size());
            for (int r = 0; r < 5; r++) {
                Recommendations.Item item = recs.items().get(r);
                int target = best.get(r);
                assertEquals(r + 1, item.rank());
                assertEquals(loaded.items().idOf(target), item.id());
                assertEquals(oracle.logit(known, target), item.score(), 1e-4);
                double[] weights = oracle.weights(known, target);
                double[] parts = oracle.contributions(known, target);
                double total = java.util.Arrays.stream(parts).sum();
                Integer[] order = java.util.stream.IntStream.range(0, 3).boxed()
                        .sorted((x, y) -> Double.compare(parts[y], parts[x]))
                        .toArray(Integer[]::new);
                assertEquals(3, item.explanation().size());
                for (int j = 0; j < 3; j++) {
                    Recommendations.Explanation why = item.explanation().get(j);
                    assertEquals(history.get(order[j]), why.id(), "largest contribution first");
                    assertEquals(weights[order[j]], why.weight(), 1e-5);
                    assertEquals(parts[order[j]], why.contribution(), 1e-4);
                    assertEquals(parts[order[j]] / total, why.share(), 1e-3);
                }
                assertEquals(oracle.logit(known, target) - total, item.score()
                        - item.explanation().stream().mapToDouble(
                                Recommendations.Explanation::contribution).sum(), 1e-4,
                        "the contributions and the item bias sum to the score");
            }
        }
    }

    @Test
    void twoStageRecommendationsAreTheOraclesBestAmongTheFirstStagesShortlist()
            throws Exception {
        List<String> history = List.of("3", "10", "17");
        Criteria<UserHistory, Recommendations> twoStage = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(nais)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", 5)
                .optArgument("candidates", 8).build();
        Recommendations exact;
        Recommendations shortlisted;
        Recommendations everything;
        try (var model = byPath(nais, 5); var predictor = model.newPredictor()) {
            exact = predictor.predict(UserHistory.of(history));
        }
        try (var model = twoStage.loadModel(); var predictor = model.newPredictor()) {
            shortlisted = predictor.predict(UserHistory.of(history));
        }
        try (var model = Criteria.builder().setTypes(UserHistory.class, Recommendations.class)
                .optModelPath(nais).optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("topK", 5).optArgument("candidates", 1000).build().loadModel();
                var predictor = model.newPredictor()) {
            everything = predictor.predict(UserHistory.of(history));
        }
        assertEquals(ids(exact), ids(everything), "a shortlist of every item is exact");
        try (ModelDirectory.Loaded loaded = ModelDirectory.load(nais, Device.cpu())) {
            NaisOracle oracle = new NaisOracle(loaded.block());
            int[] known = indices(loaded, history);
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < loaded.items().size(); i++) {
                int item = i;
                if (java.util.Arrays.stream(known).noneMatch(j -> j == item)) {
                    open.add(i);
                }
            }
            open.sort((x, y) -> Double.compare(oracle.firstStage(known, y),
                    oracle.firstStage(known, x)));
            List<Integer> shortlist = new ArrayList<>(open.subList(0, 8));
            shortlist.sort((x, y) -> Double.compare(oracle.logit(known, y),
                    oracle.logit(known, x)));
            assertEquals(shortlist.subList(0, 5).stream().map(loaded.items()::idOf).toList(),
                    ids(shortlisted));
        }
    }

    @Test
    void byZooCoordinatesWithAFilterPerFolder() throws Exception {
        assumeTrue(System.getenv("NAIS_MODEL_DIR") == null, "NAIS_MODEL_DIR overrides the zoo");
        Criteria<UserHistory, Recommendations> criteria = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optGroupId("io.naisrec").optArtifactId("nais")
                .optFilter("name", "tiny-fism").optArgument("topK", 4).build();
        try (var model = criteria.loadModel(); var predictor = model.newPredictor();
                var direct = byPath(fism, 4); var directPredictor = direct.newPredictor()) {
            UserHistory history = UserHistory.of("5", "6", "30");
            Recommendations zoo = predictor.predict(history);
            assertEquals(ids(directPredictor.predict(history)), ids(zoo));
            assertEquals(4, zoo.items().size());
            for (var e : zoo.items().get(0).explanation()) {
                assertEquals(1f, e.weight(), 0f, "FISM weighs every history item the same");
            }
        }
        Criteria<UserHistory, Recommendations> byModel = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optGroupId("io.naisrec").optArtifactId("nais")
                .optFilter("model", "nais-prod").build();
        try (var model = byModel.loadModel()) {
            assertEquals(nais.toAbsolutePath(), model.getModelPath().toAbsolutePath());
        }
        Criteria<UserHistory, Recommendations> none = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optGroupId("io.naisrec").optFilter("name", "no-such-model").build();
        assertThrows(ModelNotFoundException.class, none::loadModel);
    }

    @Test
    void itemsBeyondACappedHistoryAreStillNeverRecommended() throws Exception {
        Path capped = TrainedModels.train(root, "tiny-capped", "nais-prod", "--max-history",
                "2");
        List<String> history = List.of("2", "3", "4", "5", "6", "7");
        int items = ItemVocabulary.read(capped.resolve("items.tsv")).size();
        try (var model = byPath(capped, items); var predictor = model.newPredictor()) {
            Recommendations recs = predictor.predict(UserHistory.of(history));
            assertEquals(2, recs.historyUsed(), "the model looks at its 2 most recent items");
            assertEquals(items - history.size(), recs.items().size(), "every other item");
            for (Recommendations.Item item : recs.items()) {
                assertFalse(history.contains(item.id()), item.id() + " is in the history");
            }
        }
    }

    @Test
    void batchPredictMatchesOneByOne() throws Exception {
        List<UserHistory> users = List.of(UserHistory.of("2", "3"), UserHistory.of("20"),
                UserHistory.of("4", "8", "15", "16", "23", "42"));
        try (var model = byPath(nais, 6); var predictor = model.newPredictor()) {
            List<Recommendations> batch = predictor.batchPredict(users);
            for (int u = 0; u < users.size(); u++) {
                Recommendations one = predictor.predict(users.get(u));
                assertEquals(ids(one), ids(batch.get(u)));
                for (int r = 0; r < one.items().size(); r++) {
                    assertEquals(one.items().get(r).score(), batch.get(u).items().get(r).score(),
                            1e-5);
                }
            }
        }
    }

    @Test
    void eightThreadsEachWithAPredictorGetWhatOneThreadGets() throws Exception {
        List<UserHistory> users = new ArrayList<>();
        for (int u = 0; u < 24; u++) {
            users.add(UserHistory.of(Integer.toString(2 + u % 20), Integer.toString(3 + u % 17),
                    Integer.toString(10 + u % 13)));
        }
        try (var model = byPath(nais, 5)) {
            List<List<String>> expected = new ArrayList<>();
            try (var predictor = model.newPredictor()) {
                for (UserHistory user : users) {
                    expected.add(ids(predictor.predict(user)));
                }
            }
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<List<List<String>>>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        List<List<String>> got = new ArrayList<>();
                        try (var predictor = model.newPredictor()) {
                            for (int round = 0; round < 3; round++) {
                                for (UserHistory user : users) {
                                    got.add(ids(predictor.predict(user)));
                                }
                            }
                        }
                        return got;
                    }));
                }
                for (var future : futures) {
                    List<List<String>> got = future.get(5, java.util.concurrent.TimeUnit.MINUTES);
                    for (int i = 0; i < got.size(); i++) {
                        assertEquals(expected.get(i % users.size()), got.get(i));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void unknownItemsAreSkippedAndCountedAndNothingKnownIsAnError() throws Exception {
        try (var model = byPath(nais, 3); Predictor<UserHistory, Recommendations> predictor =
                model.newPredictor()) {
            Recommendations recs = predictor.predict(UserHistory.of("nope", "3", "zzz"));
            assertEquals(List.of("nope", "zzz"), recs.unknownItems());
            assertEquals(1, recs.historyUsed());
            assertEquals(ids(predictor.predict(UserHistory.of("3"))), ids(recs));
            TranslateException unknown = assertThrows(TranslateException.class,
                    () -> predictor.predict(UserHistory.of("nope", "zzz")));
            assertTrue(unknown.getMessage().contains("none of the 2 history items is known"),
                    unknown.getMessage());
            TranslateException empty = assertThrows(TranslateException.class,
                    () -> predictor.predict(UserHistory.of()));
            assertTrue(empty.getMessage().contains("history is empty"), empty.getMessage());
        }
    }

    @Test
    void similarItemsRankByTheLearnedSimilarityAndSkipTheQuery() throws Exception {
        Criteria<SimilarItemsQuery, Recommendations> criteria = Criteria.builder()
                .setTypes(SimilarItemsQuery.class, Recommendations.class).optModelPath(nais)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", 1000)
                .build();
        try (var model = criteria.loadModel(); var predictor = model.newPredictor()) {
            Recommendations similar = predictor.predict(SimilarItemsQuery.of("10"));
            int items = ItemVocabulary.read(nais.resolve("items.tsv")).size();
            assertEquals(items - 1, similar.items().size(), "every other item");
            assertFalse(ids(similar).contains("10"));
            assertEquals(items - 1, Set.copyOf(ids(similar)).size());
            for (int r = 1; r < similar.items().size(); r++) {
                assertTrue(similar.items().get(r - 1).score() >= similar.items().get(r).score());
            }
            try (ModelDirectory.Loaded loaded = ModelDirectory.load(nais, Device.cpu())) {
                NaisOracle oracle = new NaisOracle(loaded.block());
                int query = loaded.items().indexOf("10").orElseThrow();
                for (Recommendations.Item item : similar.items()) {
                    assertEquals(oracle.similarity(loaded.items().indexOf(item.id())
                            .orElseThrow(), query), item.score(), 1e-5, item.id());
                }
            }
            assertThrows(TranslateException.class, () -> predictor.predict(
                    SimilarItemsQuery.of("nope")));
        }
    }

    @Test
    void aCorruptFolderFailsToLoadWithItsReason() throws Exception {
        Path bad = TrainedModels.copy(nais, root.resolve("damaged/bad"));
        Files.writeString(bad.resolve("items.tsv"), "id\tname\n1\tx\n");
        IOException e = assertThrows(IOException.class, () -> byPath(bad, 3));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        List<String> lines = new ArrayList<>(List.of(e.getMessage().split("\n")));
        assertEquals(1, lines.size(), "one line");
        TrainedModels.delete(root.resolve("damaged"));
    }

    @Test
    void aDamagedFolderOfTheZooIsMalformedNotMissing() throws Exception {
        assumeTrue(System.getenv("NAIS_MODEL_DIR") == null, "NAIS_MODEL_DIR overrides the zoo");
        Path damaged = TrainedModels.copy(fism, root.resolve("models/zz-damaged"));
        Files.writeString(damaged.resolve("items.tsv"), "id\tname\n1\tx\n");
        try {
            Criteria<UserHistory, Recommendations> byName = Criteria.builder()
                    .setTypes(UserHistory.class, Recommendations.class)
                    .optGroupId("io.naisrec").optArtifactId("nais")
                    .optFilter("name", "zz-damaged").build();
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    byName::loadModel);
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        } finally {
            TrainedModels.delete(damaged);
        }
    }

    @Test
    void aFolderVerifiedJustBeforeIsNotCheckedAgainWhenItsBlockIsBuilt() throws Exception {
        Path copy = TrainedModels.copy(nais, root.resolve("verified/once"));
        ModelDirectory.Description description = ModelDirectory.verify(copy);
        Files.writeString(copy.resolve(ModelCard.FILE), "changed after it was verified\n");
        try (var model = Criteria.builder().setTypes(UserHistory.class, Recommendations.class)
                .optModelPath(copy).optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("blockFactory", NaisBlockFactory.verified(description)).build()
                .loadModel(); var predictor = model.newPredictor();
                var checked = byPath(nais, NaisTranslatorFactory.DEFAULT_TOP_K);
                var checkedPredictor = checked.newPredictor()) {
            assertTrue(model.getBlock() instanceof ServingBlock);
            UserHistory history = UserHistory.of("3", "10", "17");
            assertEquals(ids(checkedPredictor.predict(history)), ids(predictor.predict(history)));
        }
        IOException e = assertThrows(IOException.class, () -> byPath(copy, 3));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        TrainedModels.delete(root.resolve("verified"));
    }

    @Test
    void withExplainFalseTheSameItemsComeWithoutExplanations() throws Exception {
        UserHistory history = UserHistory.of("3", "10", "17");
        try (var explained = byPath(nais, 5); var predictor = explained.newPredictor();
                var plain = Criteria.builder().setTypes(UserHistory.class, Recommendations.class)
                        .optModelPath(nais).optTranslatorFactory(new NaisTranslatorFactory())
                        .optArgument("topK", 5).optArgument("explain", false).build()
                        .loadModel();
                var plainPredictor = plain.newPredictor()) {
            Recommendations with = predictor.predict(history);
            Recommendations without = plainPredictor.predict(history);
            assertEquals(ids(with), ids(without));
            for (int r = 0; r < with.items().size(); r++) {
                assertEquals(with.items().get(r).score(), without.items().get(r).score());
                assertEquals(3, with.items().get(r).explanation().size());
                assertTrue(without.items().get(r).explanation().isEmpty());
            }
        }
    }
}
