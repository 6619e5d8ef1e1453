package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.TestFiles;
import io.naisrec.data.TextSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --init-from}: a model folder continued on data with items it does not know. */
class InitFromTest {

    /** Items of the full data that the parent's data lacks. */
    private static final Set<String> NEW = Set.of("38", "39", "40");

    @TempDir
    Path dir;

    private String full;
    private Path parent;

    @BeforeEach
    void trainTheParentWithoutTheNewItems() {
        String all = TestFiles.generatedUData(30, 40, 10);
        full = TestFiles.write(dir, "full/u.data", all).toString();
        String old = all.lines().filter(line -> !NEW.contains(line.split("\t")[1]))
                .collect(Collectors.joining("\n", "", "\n"));
        String before = TestFiles.write(dir, "old/u.data", old).toString();
        parent = dir.resolve("parent");
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", before, "--model", "nais-prod",
                "--epochs", "1", "--pretrain", "none", "--embedding", "8", "--attention", "4",
                "--out", parent.toString());
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void theGrownModelAppendsRecommendsAndExplainsTheNewItems() throws Exception {
        Path child = dir.resolve("child");
        NaisCliTest.Run run = NaisCliTest.run("train", "--data", full, "--init-from",
                parent.toString(), "--epochs", "1", "--embedding", "8", "--out",
                child.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        List<String> parentItems = Files.readAllLines(parent.resolve("items.tsv"));
        List<String> childItems = Files.readAllLines(child.resolve("items.tsv"));
        assertEquals(parentItems, childItems.subList(0, parentItems.size()),
                "the parent's items keep their order and indices");
        assertEquals(NEW, childItems.subList(parentItems.size(), childItems.size()).stream()
                .map(line -> line.split("\t")[0]).collect(Collectors.toSet()),
                "the new items are appended");
        JsonObject record = run.lastJson().getAsJsonObject("parent");
        assertEquals(parent.toAbsolutePath().normalize().toString(),
                record.get("path").getAsString());
        assertEquals(TextSource.of(parent.resolve("nais-0000.params")).sha256(),
                record.get("parameters_sha256").getAsString());
        assertEquals(3, record.get("new_items").getAsInt());
        assertTrue(record.getAsJsonObject("settings").has("learning_rate"), record.toString());
        assertEquals("none", run.lastJson().get("pretrain").getAsString());

        NaisCliTest.Run explained = NaisCliTest.run("recommend", "--model", child.toString(),
                "--history", "38,39,40", "--k", "3", "--explain", "--json");
        assertEquals(0, explained.code(), explained.err());
        JsonObject answer = explained.lastJson();
        assertEquals(0, answer.getAsJsonArray("unknown").size(), answer.toString());
        for (JsonElement item : answer.getAsJsonArray("items")) {
            Set<String> reasons = new HashSet<>();
            item.getAsJsonObject().getAsJsonArray("explanation")
                    .forEach(e -> reasons.add(e.getAsJsonObject().get("id").getAsString()));
            assertEquals(NEW, reasons, "each recommendation is explained by the new items");
        }
        NaisCliTest.Run everything = NaisCliTest.run("recommend", "--model", child.toString(),
                "--history", "30,31,32,33,34", "--k", "34", "--json");
        assertEquals(0, everything.code(), everything.err());
        Set<String> recommended = new HashSet<>();
        JsonArray items = everything.lastJson().getAsJsonArray("items");
        items.forEach(e -> recommended.add(e.getAsJsonObject().get("id").getAsString()));
        assertTrue(recommended.containsAll(NEW), "the new items are recommended: " + recommended);

        NaisCliTest.Run evaluated = NaisCliTest.run("evaluate", "--model", child.toString(),
                "--data", full, "--full-ranking", "--new-since", parent.toString(), "--json");
        assertEquals(0, evaluated.code(), evaluated.err());
        assertEquals(3, evaluated.lastJson().getAsJsonObject("new_items").get("users").getAsInt(),
                "users 28 to 30 hold out items 38 to 40");
        assertEquals(27, evaluated.lastJson().getAsJsonObject("known_items").get("users")
                .getAsInt());
        double median = evaluated.lastJson().getAsJsonObject("new_items").get("median_rank")
                .getAsDouble();
        assertTrue(median >= 1 && median <= 39, "a rank among the 39 items: " + median);
    }

    @Test
    void aChangedKindSizeOrConfigurationIsRefusedWithOneLine() {
        String[][] changes = {{"--model", "nais-concat"}, {"--embedding", "16"},
            {"--attention", "8"}, {"--alpha", "0.5"}};
        String[] reasons = {"cannot change its kind", "would change its sizes",
            "would change its sizes", "--alpha cannot be given"};
        for (int c = 0; c < changes.length; c++) {
            NaisCliTest.Run run = NaisCliTest.run("train", "--data", full, "--init-from",
                    parent.toString(), changes[c][0], changes[c][1], "--epochs", "1", "--out",
                    dir.resolve("refused").toString());
            assertEquals(2, run.code(), run.err());
            String first = run.err().lines().findFirst().orElse("");
            assertTrue(first.contains("--init-from " + parent) && first.contains(reasons[c]),
                    run.err());
            assertTrue(Files.notExists(dir.resolve("refused")));
        }
        NaisCliTest.Run alone = NaisCliTest.run("train", "--data", full, "--new-items", "random",
                "--out", dir.resolve("refused").toString());
        assertEquals(2, alone.code(), alone.err());
        assertTrue(alone.err().contains("--new-items needs --init-from"), alone.err());
    }
}
