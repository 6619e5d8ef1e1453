package io.naisrec.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.cli.NaisCli;
import io.naisrec.zoo.FirstStageFile;
import io.naisrec.zoo.NaisTranslatorFactory;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * Generated interactions (with planted malformed lines, a blank line and a user the model
 * cannot know), a small NAIS model trained on them through the command line, and the answers a
 * {@code Predictor} gives directly: what every Spark test compares with. The model looks at the
 * 15 most recent items of a history (of 10 to 40), so a history out of time order changes the
 * answers.
 */
final class JobFixture {

    /** Malformed lines planted in the CSV, each a different fault. */
    static final List<String> MALFORMED = List.of("17,5", "18,,1000", "19,4,yesterday", ",3,10");
    /** A user whose every item is unknown to the model. */
    static final String STRANGER = "stranger";

    final Path csv;
    final Path model;
    /** Every user's items, oldest first, as the job must build them. */
    final Map<String, List<String>> histories = new TreeMap<>();

    private JobFixture(Path csv, Path model) {
        this.csv = csv;
        this.model = model;
    }

    /**
     * {@code users} users of 10–40 items among {@code items}; lines shuffled, times unique; the
     * model trained with {@code extra} options besides.
     */
    static JobFixture create(Path dir, int users, int items, String modelKind, String... extra)
            throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<String[]> events = new ArrayList<>();
        long time = 1_000_000;
        Map<String, List<String>> histories = new LinkedHashMap<>();
        for (int u = 1; u <= users; u++) {
            int length = 10 + random.nextInt(31);
            List<String> history = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                String item = Integer.toString(1 + random.nextInt(items));
                time += 1 + random.nextInt(50);
                events.add(new String[] {Integer.toString(u), item, Long.toString(time)});
                history.add(item);
            }
            histories.put(Integer.toString(u), history);
        }
        List<String> lines = new ArrayList<>();
        for (String[] e : events) {
            lines.add(String.join(",", e));
        }
        java.util.Collections.shuffle(lines, new java.util.Random(3));
        Path training = dir.resolve("train/u.data");
        Files.createDirectories(training.getParent());
        Files.write(training, lines.stream().map(l -> l.replace(',', '\t') + "\t0")
                .map(l -> {
                    String[] f = l.split("\t");
                    return f[0] + "\t" + f[1] + "\t4\t" + f[2];
                }).toList());
        List<String> csvLines = new ArrayList<>();
        csvLines.add("user,item,time");
        csvLines.addAll(lines.subList(0, lines.size() / 2));
        csvLines.addAll(MALFORMED);
        csvLines.add(" ");
        csvLines.add(STRANGER + ",no-such-item,5");
        csvLines.addAll(lines.subList(lines.size() / 2, lines.size()));
        Path csv = dir.resolve("interactions.csv");
        Files.write(csv, csvLines);
        Path model = dir.resolve("model");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(log, true, StandardCharsets.UTF_8);
        List<String> train = new ArrayList<>(List.of("train", "--data", training.toString(),
                "--model", modelKind, "--epochs", "1", "--pretrain", "none", "--embedding", "8",
                "--attention", "4", "--max-history", "15", "--out", model.toString()));
        train.addAll(List.of(extra));
        int code = NaisCli.run(train.toArray(String[]::new), sink, sink);
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        JobFixture fixture = new JobFixture(csv, model);
        fixture.histories.putAll(histories);
        return fixture;
    }

    /** The job's settings for this fixture's CSV. */
    JobSettings settings(Path output, int candidates, boolean explain, boolean ship) {
        return new JobSettings(model.toString(), csv.toString(), "csv", true, "user", "item",
                "time", output.toString(), 5, candidates, explain, 7, 6, 1.0, ship, false);
    }

    /** One recommendation: rank, item, score and the history item that weighed most. */
    record Answer(int rank, String item, float score, String top) {}

    /** user → its answers, best first, by a Predictor directly. */
    Map<String, List<Answer>> expected(int candidates, boolean explain) throws Exception {
        return expected(candidates, explain, null);
    }

    /**
     * As {@link #expected(int, boolean)}, two stages shortlisting by {@code firstStage} (fism
     * or ease; {@code null}: the folder's).
     */
    Map<String, List<Answer>> expected(int candidates, boolean explain, String firstStage)
            throws Exception {
        Map<String, List<Answer>> expected = new TreeMap<>();
        Criteria.Builder<UserHistory, Recommendations> criteria = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class).optModelPath(model)
                .optTranslatorFactory(new NaisTranslatorFactory()).optArgument("topK", 5)
                .optArgument("candidates", candidates);
        if (firstStage != null) {
            criteria.optArgument(FirstStageFile.ARGUMENT, firstStage);
        }
        try (ZooModel<UserHistory, Recommendations> zoo = criteria.build().loadModel();
                var predictor = zoo.newPredictor()) {
            for (var user : histories.entrySet()) {
                List<Answer> answers = new ArrayList<>();
                for (Recommendations.Item item : predictor.predict(UserHistory.of(
                        user.getValue())).items()) {
                    answers.add(new Answer(item.rank(), item.id(), item.score(),
                            explain && !item.explanation().isEmpty()
                                    ? item.explanation().get(0).id() : null));
                }
                expected.put(user.getKey(), answers);
            }
        }
        return expected;
    }

    /** The job's output rows grouped as {@link #expected}. */
    static Map<String, List<Answer>> grouped(List<Row> rows, boolean explain) {
        Map<String, List<Answer>> byUser = new TreeMap<>();
        rows.stream().sorted(Comparator.comparing((Row r) -> r.getString(0))
                .thenComparingInt(r -> r.getInt(1))).forEach(r -> byUser.computeIfAbsent(
                        r.getString(0), u -> new ArrayList<>()).add(new Answer(r.getInt(1),
                                r.getString(2), r.getFloat(3), explain ? r.getString(4) : null)));
        return byUser;
    }

    /**
     * The same users with the same items in the same ranks (and top history items), scores
     * equal to float rounding (a batch of other users rounds the last bits differently).
     */
    static void assertSameAnswers(Map<String, List<Answer>> expected,
            Map<String, List<Answer>> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "every user once");
        for (var user : expected.entrySet()) {
            List<Answer> want = user.getValue();
            List<Answer> got = actual.get(user.getKey());
            assertEquals(want.size(), got.size(), "user " + user.getKey());
            for (int r = 0; r < want.size(); r++) {
                assertEquals(want.get(r).rank(), got.get(r).rank());
                assertEquals(want.get(r).item(), got.get(r).item(), "user " + user.getKey());
                assertEquals(want.get(r).top(), got.get(r).top(), "user " + user.getKey());
                assertEquals(want.get(r).score(), got.get(r).score(), 1e-5);
            }
        }
    }
}
