package io.naisrec.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.naisrec.cli.NaisCli;
import io.naisrec.data.TestFiles;
import io.naisrec.data.TextSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Small models trained through the CLI on generated data, shared by the zoo tests. */
final class TrainedModels {

    private TrainedModels() {}

    /** Trains {@code model} for one epoch on 30 generated users into {@code root/name}. */
    static Path train(Path root, String name, String model, String... extra) {
        String data = Files.isRegularFile(root.resolve("data/u.data"))
                ? root.resolve("data/u.data").toString()
                : TestFiles.write(root, "data/u.data", TestFiles.generatedUData(30, 40, 10))
                        .toString();
        Path out = root.resolve("models").resolve(name);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train",
                "--data", data, "--model", model, "--epochs", "1", "--pretrain", "none",
                "--embedding", "8", "--attention", "4", "--batch-size", "64", "--out",
                out.toString()));
        args.addAll(java.util.List.of(extra));
        int code = cli(args.toArray(String[]::new));
        assertEquals(0, code, "training " + name);
        return out;
    }

    static int cli(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        return NaisCli.run(args, new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8));
    }

    /** A copy of a model folder, to damage. */
    static Path copy(Path model, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(model)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    /** Rewrites metadata.json after {@code edit}, keeping it valid JSON. */
    static void editMetadata(Path model, java.util.function.Consumer<JsonObject> edit)
            throws IOException {
        Path file = model.resolve(ModelDirectory.METADATA_FILE);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        edit.accept(json);
        Files.writeString(file, json.toString());
    }

    /** Records the current checksum of {@code name} in metadata.json (a consistent forgery). */
    static void resign(Path model, String name) throws IOException {
        String sha = TextSource.of(model.resolve(name)).sha256();
        editMetadata(model, json -> json.getAsJsonObject("files").addProperty(name, sha));
    }

    static void delete(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
