package io.naisrec.zoo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The EASE^R first stage a model folder may carry beside its FISM or NAIS model
 * ({@code train --first-stage ease}), which two-stage ranking then shortlists by:
 * {@value #FILE}, the {@link EaseBlock}'s parameters as {@code Block.saveParameters} writes
 * them (each item's kept neighbours), listed with its SHA-256 among the folder's files like
 * every other file, and described under {@value #KEY} in {@code metadata.json}: {@code model}
 * ({@code ease}), {@code file}, {@code lambda}, {@code neighbours} and how λ was chosen.
 *
 * <p>Loading is a choice ({@link #choose}): the {@code firstStage} argument {@code ease} needs
 * the folder's, {@code fism} ignores it (FISM-style scores from the model's own embeddings), and
 * without the argument a folder's first stage is used when it has one.
 */
public final class FirstStageFile {

    /** The first stage's parameter file. */
    public static final String FILE = "first-stage.params";
    /** Its description in {@code metadata.json}. */
    public static final String KEY = "first_stage";
    /** The argument (and option value) that names the first stage: fism or ease. */
    public static final String ARGUMENT = "firstStage";

    /**
     * An EASE first stage fitted for a folder, to write with it.
     *
     * @param block the fitted EASE block, over the model's items in the same order
     * @param config its λ and neighbours
     * @param record more of its fit to describe (how λ was chosen, its validation HR…)
     */
    public record Fitted(EaseBlock block, EaseConfig config, Map<String, Object> record) {
        /** Validates. */
        public Fitted {
            if (block == null || config == null) {
                throw new IllegalArgumentException("a first stage needs its block and config");
            }
            record = Map.copyOf(record);
        }
    }

    /**
     * What a verified folder says of its first stage.
     *
     * @param file the parameter file, verified against its SHA-256
     * @param config the λ and neighbours it was fitted with
     */
    public record Description(Path file, EaseConfig config) {}

    private FirstStageFile() {}

    /**
     * Writes {@code fitted}'s parameters into the folder being written, {@code temp}, and
     * returns its description for {@code metadata.json}.
     */
    static Map<String, Object> write(Path temp, Fitted fitted) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(temp.resolve(FILE))))) {
            fitted.block().saveParameters(out);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("model", "ease");
        description.put("file", FILE);
        description.put("lambda", fitted.config().lambda());
        description.put("neighbours", fitted.config().neighbours());
        fitted.record().forEach(description::putIfAbsent);
        return description;
    }

    /**
     * The first stage {@code metadata.json} describes, or {@code null} when it has none; a
     * malformed description, or a file that {@code files} does not list, is a one-line
     * {@link DataException}.
     */
    static Description read(JsonObject metadata, Path dir, Map<String, String> files) {
        if (!metadata.has(KEY)) {
            return null;
        }
        Path json = dir.resolve(ModelDirectory.METADATA_FILE);
        try {
            JsonObject stage = metadata.getAsJsonObject(KEY);
            String model = stage.get("model").getAsString();
            String file = stage.get("file").getAsString();
            if (!model.equals("ease") || !file.equals(FILE)) {
                throw new DataException(json + ": " + KEY + " is a " + model + " model in "
                        + file + "; this version reads an ease first stage in " + FILE);
            }
            if (!files.containsKey(FILE)) {
                throw new DataException(json + ": " + KEY + " names " + FILE
                        + ", which its files do not list");
            }
            return new Description(dir.resolve(FILE), new EaseConfig(
                    stage.get("lambda").getAsFloat(), stage.get("neighbours").getAsInt()));
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(json + ": malformed " + KEY + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Whether two-stage ranking of the folder {@code description} describes shortlists by its
     * EASE first stage: {@code choice} {@code ease}, {@code fism}, or {@code null} for the
     * folder's when it has one.
     *
     * @throws MalformedModelException when {@code ease} is asked of a folder without one, or
     *     {@code choice} is neither
     */
    public static boolean choose(ModelDirectory.Description description, Object choice)
            throws MalformedModelException {
        if (choice == null) {
            return description.firstStage() != null;
        }
        String name = choice.toString().strip().toLowerCase(Locale.ROOT);
        if (name.equals("fism")) {
            return false;
        }
        if (!name.equals("ease")) {
            throw new MalformedModelException(ARGUMENT + " must be fism or ease, got '"
                    + choice + "'");
        }
        if (description.firstStage() == null) {
            throw new MalformedModelException(description.folder() + ": holds no EASE first "
                    + "stage (train it with --first-stage ease)");
        }
        return true;
    }

    /**
     * Reads the first stage of the verified folder {@code description} onto {@code manager};
     * parameters that cannot be read, or were written for another catalogue, are a
     * {@link MalformedModelException} naming the file.
     */
    public static EaseBlock load(ModelDirectory.Description description, NDManager manager)
            throws MalformedModelException {
        Description stage = description.firstStage();
        if (stage == null) {
            throw new MalformedModelException(description.folder() + ": holds no EASE first "
                    + "stage (train it with --first-stage ease)");
        }
        EaseBlock block = new EaseBlock(EaseBlock.CONFIG, description.items().size());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(stage.file())))) {
            block.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new MalformedModelException("bytes after the parameters");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new MalformedModelException(stage.file() + ": cannot load the EASE first "
                    + "stage (" + e.getMessage() + ")", e);
        }
        return block;
    }
}
