package io.naisrec.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.model.ConfigJson;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint, written after every epoch as one folder (filled under a temporary name
 * and moved into place, so a crash never leaves a partial checkpoint behind):
 * {@code parameters.bin} (the block's parameters), {@code optimizer.bin} (Adagrad's
 * accumulators by parameter name), {@code best.bin} (the best epoch's parameters) and
 * {@code state.json} (format, the completed epoch, the run's kind, {@link ItemSimilarityConfig} and
 * {@link TrainingSettings}, the caller's description of the run, every epoch's record, the best
 * epoch and its evaluation). No random-number state needs saving: the batches and negatives of
 * epoch e are a function of the seed and e alone. {@link TrainingRun#resume} continues from one.
 *
 * @param epoch the number of completed epochs
 * @param kind the model being trained
 * @param config its configuration
 * @param settings the run's settings
 * @param description what else the caller recorded about the run (where its data came from)
 * @param evaluation the evaluation listener's state
 * @param parameters the block's parameters
 * @param optimizer the optimizer's state
 */
public record Checkpoint(int epoch, ModelKind kind, ItemSimilarityConfig config,
        TrainingSettings settings, JsonObject description, EvaluationState evaluation, byte[] parameters, byte[] optimizer) {

    /** Version of the checkpoint layout (1 stored the command line instead of the settings). */
    public static final int FORMAT_VERSION = 2;
    /** The state file; its presence marks a checkpoint folder. */
    public static final String STATE_FILE = "state.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /**
     * Writes a checkpoint of {@code run}, its {@code block} and {@code optimizer} after
     * {@code epoch} epochs.
     */
    static void write(Path dir, int epoch, TrainingRun run, Map<String, Object> description,
            EvaluationState evaluation, ItemSimilarityBlock block, DenseAdagrad optimizer)
            throws IOException {
        Path temp = Folders.temporaryBeside(dir);
        try {
            ByteArrayOutputStream parameters = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(parameters)) {
                block.saveParameters(out);
            }
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(state)) {
                optimizer.saveState(out, block.getParameters());
            }
            Files.write(temp.resolve("parameters.bin"), parameters.toByteArray());
            Files.write(temp.resolve("optimizer.bin"), state.toByteArray());
            if (evaluation.bestParameters() != null) {
                Files.write(temp.resolve("best.bin"), evaluation.bestParameters());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", FORMAT_VERSION);
            json.put("epoch", epoch);
            json.put("kind", run.kind().id());
            json.put("config", ConfigJson.toJson(run.config()));
            json.put("settings", SettingsJson.toJson(run.settings()));
            json.put("description", description);
            json.put("records", CheckpointJson.records(evaluation.records()));
            json.put("best_index", evaluation.bestIndex());
            json.put("best_result", evaluation.bestResult() == null ? null
                    : CheckpointJson.result(evaluation.bestResult()));
            Files.writeString(temp.resolve(STATE_FILE), GSON.toJson(json),
                    StandardCharsets.UTF_8);
            Folders.replace(temp, dir, STATE_FILE);
        } finally {
            Folders.deleteTree(temp);
        }
    }

    /** Reads the checkpoint in {@code dir}; anything missing or malformed is one line. */
    public static Checkpoint read(Path dir) {
        Path stateFile = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(stateFile)) {
            throw new DataException(dir + ": no checkpoint here (no " + STATE_FILE + ")");
        }
        try {
            JsonObject json = GSON.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8),
                    JsonObject.class);
            if (json == null || !json.has("format")) {
                throw new DataException(stateFile + ": not a checkpoint (no format)");
            }
            if (json.get("format").getAsInt() == 1) {
                throw new DataException(stateFile + ": a checkpoint of format 1, from an older "
                        + "nais that recorded command-line arguments instead of the settings; "
                        + "this one cannot resume it: train again");
            }
            if (json.get("format").getAsInt() != FORMAT_VERSION) {
                throw new DataException(stateFile + ": not a checkpoint of format "
                        + FORMAT_VERSION);
            }
            List<EpochRecord> records = CheckpointJson.records(json.getAsJsonArray("records"));
            JsonElement bestResult = json.get("best_result");
            EvaluationResult result = bestResult == null || bestResult.isJsonNull() ? null
                    : CheckpointJson.result(bestResult.getAsJsonObject());
            int bestIndex = json.get("best_index").getAsInt();
            if (bestIndex < -1 || bestIndex >= records.size()
                    || !json.get("description").isJsonObject()) {
                throw new DataException(stateFile + ": inconsistent best_index or description");
            }
            Path best = dir.resolve("best.bin");
            EvaluationState evaluation = new EvaluationState(records, bestIndex, result,
                    Files.exists(best) ? Files.readAllBytes(best) : null);
            return new Checkpoint(json.get("epoch").getAsInt(),
                    ModelKind.parse(json.get("kind").getAsString()),
                    ConfigJson.fromJson(json.getAsJsonObject("config")),
                    SettingsJson.settings(json.getAsJsonObject("settings")),
                    json.getAsJsonObject("description"), evaluation,
                    Files.readAllBytes(dir.resolve("parameters.bin")),
                    Files.readAllBytes(dir.resolve("optimizer.bin")));
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataException(dir + ": unreadable checkpoint (" + e + ")", e);
        }
    }

    /**
     * Puts the checkpoint's parameters and optimizer state into a freshly initialised run:
     * the parameters are read into {@code scratch} (a new block of the same kind) and copied in
     * place, so the trainer's arrays, gradients attached, stay the ones it updates.
     */
    void restore(ItemSimilarityBlock block, ItemSimilarityBlock scratch, DenseAdagrad adagrad) {
        try (NDManager manager = NDManager.newBaseManager(block.getParameters().valueAt(0)
                .getArray().getDevice());
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            scratch.loadParameters(manager, in);
            block.copyAllParametersFrom(scratch);
        } catch (IOException | MalformedModelException | IllegalArgumentException e) {
            throw new DataException("checkpoint parameters do not fit the model ("
                    + e.getMessage() + ")", e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(optimizer))) {
            adagrad.loadState(in, block.getParameters());
        } catch (IOException e) {
            throw new DataException("checkpoint optimizer state does not fit the model ("
                    + e.getMessage() + ")", e);
        }
    }
}
