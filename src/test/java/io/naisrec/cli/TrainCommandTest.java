package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} and {@code evaluate --model DIR} end to end on generated data. */
class TrainCommandTest {

    @TempDir
    Path dir;

    private String data() {
        return TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10)).toString();
    }

    @Test
    void trainsWritesTheModelAndEvaluatesItBack() throws Exception {
        String data = data();
        Path fism = dir.resolve("fism");
        NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "2", "--embedding", "8", "--batch-size", "64", "--out",
                fism.toString(), "--json");
        assertEquals(0, trained.code(), trained.err());
        JsonObject json = trained.lastJson();
        assertEquals("fism", json.get("model").getAsString());
        assertEquals(2, json.get("epochs").getAsInt());
        assertTrue(json.get("best_epoch").getAsInt() >= 1);
        assertTrue(json.has("train_seconds") && json.has("hr@10") && json.has("ndcg@10"));
        for (String file : new String[] {"nais-0000.params", "metadata.json", "items.tsv",
            "training.csv", "training.png"}) {
            assertTrue(Files.isRegularFile(fism.resolve(file)), file);
        }
        NaisCliTest.Run evaluated = NaisCliTest.run("evaluate", "--model", fism.toString(),
                "--data", data, "--json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(json.get("hr@10").getAsDouble(),
                evaluated.lastJson().get("hr@10").getAsDouble(), 0.0);
        assertEquals(json.get("ndcg@10").getAsDouble(),
                evaluated.lastJson().get("ndcg@10").getAsDouble(), 0.0);

        Path nais = dir.resolve("nais");
        NaisCliTest.Run fromFism = NaisCliTest.run("train", "--data", data, "--model",
                "nais-concat", "--epochs", "1", "--embedding", "8", "--pretrain",
                fism.toString(), "--out", nais.toString(), "--json");
        assertEquals(0, fromFism.code(), fromFism.err());
        assertEquals(fism.toString(), fromFism.lastJson().get("pretrain").getAsString());
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".writing-")),
                    "no temporary folder left behind");
        }
    }

    /**
     * {@code --pretrain ease}: NAIS starts from EASE's rank-D factors and records it; an
     * embedding size the catalogue cannot factorise is one line and exit 2.
     */
    @Test
    void naisStartsFromEasesFactors() throws Exception {
        String data = data();
        NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model",
                "nais-prod", "--pretrain", "ease", "--lambda", "5", "--epochs", "1",
                "--embedding", "8", "--attention", "4", "--evaluate-start", "--lr", "1", "--out",
                dir.resolve("e").toString(), "--json");
        assertEquals(0, trained.code(), trained.err());
        assertEquals("ease", trained.lastJson().get("pretrain").getAsString());
        assertTrue(trained.lastJson().get("start_evaluated").getAsBoolean());
        assertEquals(0, trained.lastJson().get("best_epoch").getAsInt(), "an epoch at lr 1 "
                + "is worse than the start");
        assertTrue(Files.readString(dir.resolve("e/README.md"))
                .contains("(epoch 0: the starting point"), "the card says the start won");
        JsonObject start = JsonParser.parseString(Files.readString(dir.resolve(
                "e/metadata.json"))).getAsJsonObject().getAsJsonObject("training")
                .getAsJsonObject("pretrain_ease");
        assertEquals(5.0, start.get("lambda").getAsDouble(), 0.0, "EASE's λ is recorded");
        assertEquals("given", start.get("lambda_chosen_on").getAsString());
        assertEquals(8, start.get("rank").getAsInt());
        assertEquals("neutral (h = 0)", start.get("attention").getAsString());
        NaisCliTest.Run tooLarge = NaisCliTest.run("train", "--data", data, "--model",
                "nais-prod", "--pretrain", "ease", "--lambda", "5", "--epochs", "1",
                "--embedding", "35", "--out", dir.resolve("big").toString());
        assertEquals(2, tooLarge.code(), tooLarge.err());
        assertEquals("nais: --pretrain ease: an EASE start of embedding size 35 needs at least "
                + "45 items, the data has 39", tooLarge.err().strip().lines()
                .filter(l -> l.startsWith("nais:")).findFirst().orElse(""));
        assertFalse(Files.exists(dir.resolve("big")), "nothing written");
    }

    @Test
    void theModelsRecordRetrainsItBitForBitAndEvaluatesWithItsOwnSeed() throws Exception {
        String data = data();
        Path first = dir.resolve("first");
        NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model",
                "nais-prod", "--pretrain-epochs", "1", "--epochs", "1", "--embedding", "8",
                "--attention", "4", "--seed", "5", "--out", first.toString(), "--json");
        assertEquals(0, trained.code(), trained.err());
        JsonObject record = trained.lastJson();
        List<String> again = new java.util.ArrayList<>(List.of(record.get("command")
                .getAsString().split(" ")));
        again = again.subList(again.indexOf("train"), again.size());
        int out = again.indexOf("--out");
        again.set(out + 1, dir.resolve("again").toString());
        assertEquals(0, NaisCliTest.run(again.toArray(String[]::new)).code());
        assertArrayEquals(Files.readAllBytes(first.resolve("nais-0000.params")),
                Files.readAllBytes(dir.resolve("again/nais-0000.params")),
                "the recorded command trains the same model");
        NaisCliTest.Run evaluated = NaisCliTest.run("evaluate", "--model", first.toString(),
                "--data", data, "--json");
        assertEquals(5, evaluated.lastJson().get("seed").getAsLong(), "the model's own seed");
        assertEquals(record.get("hr@10").getAsDouble(),
                evaluated.lastJson().get("hr@10").getAsDouble(), 0.0);
    }

    /**
     * A model chosen by full ranking records its test items by both protocols, each reproduced
     * by {@code evaluate}, and its card says which protocol is which.
     */
    @Test
    void aModelChosenByFullRankingRecordsBothProtocols() throws Exception {
        String data = data();
        Path folder = dir.resolve("full");
        NaisCliTest.Run trained = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "2", "--embedding", "8", "--select-metric", "full", "--seed", "3",
                "--out", folder.toString(), "--json");
        assertEquals(0, trained.code(), trained.err());
        JsonObject record = trained.lastJson();
        assertEquals("full", record.get("protocol").getAsString());
        NaisCliTest.Run full = NaisCliTest.run("evaluate", "--model", folder.toString(),
                "--data", data, "--full-ranking", "--json");
        assertEquals(record.get("hr@10").getAsDouble(),
                full.lastJson().get("hr@10").getAsDouble(), 0.0);
        assertEquals(record.get("recall@50").getAsDouble(),
                full.lastJson().get("recall@50").getAsDouble(), 0.0);
        NaisCliTest.Run sampled = NaisCliTest.run("evaluate", "--model", folder.toString(),
                "--data", data, "--json");
        JsonObject recorded = record.getAsJsonObject("sampled");
        assertEquals(recorded.get("hr@10").getAsDouble(),
                sampled.lastJson().get("hr@10").getAsDouble(), 0.0);
        assertEquals(recorded.get("ndcg@10").getAsDouble(),
                sampled.lastJson().get("ndcg@10").getAsDouble(), 0.0);
        assertTrue(trained.out().contains("sampled HR@10 " + String.format(java.util.Locale.ROOT,
                "%.4f", recorded.get("hr@10").getAsDouble())), trained.out());
        String card = Files.readString(folder.resolve("README.md"));
        assertTrue(card.contains("every item outside the user's training history"), card);
        assertTrue(card.contains("| Recall@50 |") && card.contains("--full-ranking` and"), card);

        NaisCliTest.Run bySampled = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "1", "--embedding", "8", "--out", dir.resolve("s").toString(),
                "--json");
        assertEquals("sampled", bySampled.lastJson().get("protocol").getAsString());
        assertFalse(bySampled.lastJson().has("sampled"), "one protocol, recorded once");
    }

    @Test
    void epochsAreChosenOnValidationOrOnTestAndPatienceStopsEarly() throws Exception {
        String data = data();
        NaisCliTest.Run validation = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "12", "--embedding", "8", "--lr", "0.05", "--patience", "2",
                "--out", dir.resolve("validation").toString(), "--json");
        assertEquals(0, validation.code(), validation.err());
        JsonObject json = validation.lastJson();
        assertEquals("validation", json.get("selected_on").getAsString());
        assertTrue(json.has("validation"), json.toString());
        int epochs = json.get("epochs").getAsInt();
        assertEquals(json.get("best_epoch").getAsInt() + 2, epochs, "stopped 2 after the best");
        assertTrue(epochs < 12, "stopped early: " + epochs);
        List<String> csv = Files.readAllLines(dir.resolve("validation/training.csv"));
        assertEquals(epochs + 1, csv.size(), "one line per epoch trained");
        double bestValidation = csv.stream().skip(1).mapToDouble(l -> Double.parseDouble(
                l.split(",")[2])).max().orElseThrow();
        assertEquals(bestValidation, json.getAsJsonObject("validation").get("hr@10")
                .getAsDouble(), 1e-6, "the chosen epoch is the best on validation");

        NaisCliTest.Run test = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "3", "--embedding", "8", "--select-on", "test", "--out",
                dir.resolve("test").toString(), "--json");
        assertEquals(0, test.code(), test.err());
        assertEquals("test", test.lastJson().get("selected_on").getAsString());
        assertTrue(!test.lastJson().has("validation"));
        double bestTest = Files.readAllLines(dir.resolve("test/training.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2])).max().orElseThrow();
        assertEquals(bestTest, test.lastJson().get("hr@10").getAsDouble(), 1e-6);
        NaisCliTest.Run bad = NaisCliTest.run("train", "--data", data, "--select-on", "both");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("select-on must be validation or test, got 'both'"),
                bad.err());
    }

    @Test
    void aLearnedBetaMovesIsLoggedAndTravelsWithTheModel() throws Exception {
        String data = data();
        Path out = dir.resolve("learned");
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", data, "--model", "nais-prod",
                "--pretrain", "none", "--epochs", "2", "--embedding", "8", "--attention", "4",
                "--batch-size", "64", "--beta", "learn", "--out", out.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject json = run.lastJson();
        assertTrue(json.get("beta_learned").getAsBoolean());
        double beta = json.get("beta").getAsDouble();
        assertTrue(beta > 0 && beta < 1 && beta != 0.5, "trained away from 0.5: " + beta);
        java.util.List<String> csv = Files.readAllLines(out.resolve("training.csv"));
        assertEquals("epoch,loss,hr,ndcg,beta,seconds,heap_mb,rss_mb", csv.get(0));
        double lastBeta = Double.parseDouble(csv.get(2).split(",")[4]);
        assertTrue(Math.abs(lastBeta - 0.5) > 1e-4, csv.toString());
        try (var loaded = io.naisrec.zoo.ModelDirectory.load(out, ai.djl.Device.cpu())) {
            assertTrue(loaded.description().config().learnBeta());
            assertEquals(beta, ((io.naisrec.model.NaisBlock) loaded.block()).beta(), 1e-6);
        }
        NaisCliTest.Run fism = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--beta", "learn");
        assertEquals(2, fism.code());
        assertTrue(fism.err().contains("--beta learn needs a NAIS model"), fism.err());
        NaisCliTest.Run bad = NaisCliTest.run("train", "--data", data, "--beta", "learned");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--beta must be a number in (0, 1] or 'learn'"),
                bad.err());
    }

    @Test
    void theHelpAndTheReadmeListTheOptionsAResumedRunMayChangeFromOneSource() throws Exception {
        NaisCliTest.Run help = NaisCliTest.run("train", "--help");
        assertEquals(0, help.code(), help.err());
        String listed = String.join(", ", Resume.CHANGEABLE);
        assertTrue(help.out().replaceAll("\\s+", "").contains("maybegivenagain:"
                + listed.replaceAll("\\s+", "") + "."), help.out());
        String readme = Files.readString(Path.of("README.md"));
        String inReadme = Resume.CHANGEABLE.stream().map(option -> "`" + option + "`")
                .collect(java.util.stream.Collectors.joining(", "));
        assertTrue(readme.replaceAll("\\s+", " ").contains("may be given again: " + inReadme
                + ";"), "README's train --resume paragraph lists " + inReadme);
    }

    @Test
    void badTrainingArgumentsExitWithTwo() {
        String data = data();
        NaisCliTest.Run beta = NaisCliTest.run("train", "--data", data, "--beta", "1.5");
        assertEquals(2, beta.code());
        assertTrue(beta.err().contains("beta must be in (0, 1], got 1.5"), beta.err());
        NaisCliTest.Run model = NaisCliTest.run("train", "--data", data, "--model", "svd");
        assertEquals(2, model.code());
        NaisCliTest.Run bpr = NaisCliTest.run("train", "--data", data, "--loss", "bpr",
                "--negatives", "0");
        assertEquals(2, bpr.code());
        assertTrue(bpr.err().contains("negatives must be >= 1, got 0"), bpr.err());
        NaisCliTest.Run metric = NaisCliTest.run("train", "--data", data, "--select-metric",
                "recall");
        assertEquals(2, metric.code());
        assertTrue(metric.err().contains("select-metric must be sampled or full"), metric.err());
        NaisCliTest.Run pretrain = NaisCliTest.run("train", "--data", data, "--pretrain",
                dir.resolve("nothing").toString(), "--epochs", "1");
        assertEquals(2, pretrain.code());
        assertTrue(pretrain.err().contains("not a model folder"), pretrain.err());
    }

    @Test
    void aMemoryBudgetThatCannotHoldOneRowIsRefusedBeforeTraining() {
        String data = data();
        NaisCliTest.Run size = NaisCliTest.run("train", "--data", data, "--max-memory", "lots");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("not a memory size: 'lots'"), size.err());
        // an attention of 2^20 makes one row of any history at least 2^20 elements, over the
        // 2^20 a 256 MB budget allows; FISM pre-training must not run first
        NaisCliTest.Run row = NaisCliTest.run("train", "--data", data, "--attention", "1048576",
                "--max-memory", "256m", "--out", dir.resolve("never").toString());
        assertEquals(2, row.code(), row.err());
        assertTrue(row.err().contains("--max-memory 256m allows training passes of 1,048,576 "
                + "elements, but one row of the longest history"), row.err());
        assertEquals(1, row.err().strip().lines().filter(l -> l.startsWith("nais:")).count(),
                row.err());
        assertTrue(!row.err().contains("fism epoch"), "refused before pre-training: " + row.err());
        assertTrue(Files.notExists(dir.resolve("never")));
    }
}
