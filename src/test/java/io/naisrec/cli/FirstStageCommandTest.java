package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.data.TestFiles;
import io.naisrec.model.EaseConfig;
import io.naisrec.zoo.FirstStageFile;
import io.naisrec.zoo.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --first-stage ease} by the CLI: the folder records its EASE (λ chosen on
 * validation), {@code evaluate --first-stage ease} uses the stored one, {@code recommend}
 * shortlists by it, and a damaged one is a one-line error naming its file.
 */
class FirstStageCommandTest {

    @TempDir
    static Path dir;
    static String data;
    static Path model;
    static JsonObject trained;

    @BeforeAll
    static void train() {
        data = TestFiles.write(dir, "gen/u.data", TestFiles.generatedUData(30, 40, 10))
                .toString();
        model = dir.resolve("staged");
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", data, "--model", "fism",
                "--epochs", "1", "--embedding", "8", "--batch-size", "64", "--first-stage",
                "ease", "--neighbours", "8", "--out", model.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        trained = run.lastJson();
    }

    @Test
    void theFolderRecordsItsEaseWithLambdaChosenOnValidation() throws Exception {
        JsonObject metadata = JsonParser.parseString(Files.readString(model.resolve(
                ModelDirectory.METADATA_FILE))).getAsJsonObject();
        JsonObject stage = metadata.getAsJsonObject(FirstStageFile.KEY);
        assertEquals("ease", stage.get("model").getAsString());
        assertEquals(FirstStageFile.FILE, stage.get("file").getAsString());
        assertEquals(8, stage.get("neighbours").getAsInt());
        assertEquals("validation", stage.get("lambda_chosen_on").getAsString());
        assertTrue(EaseConfig.LAMBDA_GRID.contains(stage.get("lambda").getAsFloat()),
                stage.toString());
        assertTrue(metadata.getAsJsonObject("files").has(FirstStageFile.FILE));
        assertEquals(stage.get("lambda").getAsFloat(), trained.getAsJsonObject(
                FirstStageFile.KEY).get("lambda").getAsFloat(), "the --json line says it too");
    }

    @Test
    void evaluateUsesTheStoredEaseUnlessAskedToFitAnother() throws Exception {
        float stored = ModelDirectory.verify(model).firstStage().config().lambda();
        NaisCliTest.Run run = NaisCliTest.run("evaluate", "--model", model.toString(),
                "--data", data, "--full-ranking", "--candidates", "5", "--first-stage", "ease",
                "--json");
        assertEquals(0, run.code(), run.err());
        JsonObject twoStage = run.lastJson().getAsJsonObject("two_stage");
        assertEquals("model folder", twoStage.get("first_stage_from").getAsString());
        assertEquals(stored, twoStage.get("lambda").getAsFloat());
        assertEquals(8, twoStage.get("neighbours").getAsInt());

        NaisCliTest.Run refit = NaisCliTest.run("evaluate", "--model", model.toString(),
                "--data", data, "--full-ranking", "--candidates", "5", "--first-stage", "ease",
                "--lambda", "3", "--json");
        assertEquals(0, refit.code(), refit.err());
        JsonObject fitted = refit.lastJson().getAsJsonObject("two_stage");
        assertFalse(fitted.has("first_stage_from"), fitted.toString());
        assertEquals(3f, fitted.get("lambda").getAsFloat());
    }

    @Test
    void recommendShortlistsByTheFoldersEaseUnlessAskedForFism() {
        String[] recommend = {"recommend", "--model", model.toString(), "--history", "3,10,17",
            "--k", "4", "--candidates", "4", "--json"};
        NaisCliTest.Run byDefault = NaisCliTest.run(recommend);
        assertEquals(0, byDefault.code(), byDefault.err());
        NaisCliTest.Run ease = NaisCliTest.run(append(recommend, "--first-stage", "ease"));
        NaisCliTest.Run fism = NaisCliTest.run(append(recommend, "--first-stage", "fism"));
        assertEquals(0, fism.code(), fism.err());
        assertEquals(byDefault.lastJson().get("items"), ease.lastJson().get("items"));
        assertTrue(!byDefault.lastJson().get("items").equals(fism.lastJson().get("items")),
                "FISM's first stage shortlists other items for this history");
    }

    @Test
    void aCorruptFirstStageIsAOneLineErrorNamingItsFile() throws Exception {
        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        try (var files = Files.list(model)) {
            for (Path file : files.toList()) {
                Files.copy(file, corrupt.resolve(file.getFileName()));
            }
        }
        Files.write(corrupt.resolve(FirstStageFile.FILE), new byte[] {1, 2, 3});
        NaisCliTest.Run run = NaisCliTest.run("recommend", "--model", corrupt.toString(),
                "--history", "3,10", "--candidates", "4");
        assertEquals(2, run.code(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains(corrupt.resolve(FirstStageFile.FILE)
                + ": checksum mismatch"), run.err());
    }

    @Test
    void theFirstStageOptionsRefuseWhatTheyCannotDo() {
        NaisCliTest.Run ease = NaisCliTest.run("train", "--data", data, "--model", "ease",
                "--first-stage", "ease", "--out", dir.resolve("never").toString());
        assertEquals(2, ease.code());
        assertTrue(ease.err().contains("--first-stage ease needs a nais-prod, nais-concat or "
                + "fism model"), ease.err());
        NaisCliTest.Run exact = NaisCliTest.run("recommend", "--model", model.toString(),
                "--history", "3", "--first-stage", "ease");
        assertEquals(2, exact.code());
        assertTrue(exact.err().contains("--first-stage needs --candidates"), exact.err());
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
