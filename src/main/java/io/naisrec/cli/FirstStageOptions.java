package io.naisrec.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.zoo.FirstStageFile;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train --first-stage ease}: after training FISM or NAIS, fit EASE^R on the same training
 * interactions (λ as {@code --lambda}, else chosen on the validation split as {@code train
 * --model ease} chooses it; {@code --neighbours} as there) and write it into the model folder as
 * its first stage ({@link FirstStageFile}), which two-stage ranking then shortlists by.
 */
final class FirstStageOptions {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStageOptions.class);
    /** The checkpoint record's key: the first stage a resumed run still writes. */
    private static final String RECORD = "first_stage";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--first-stage", defaultValue = "none", paramLabel = "none|ease",
            description = "Also fit EASE^R on the training interactions (--lambda, else chosen "
                    + "on validation; --neighbours, default " + EaseTraining.DEFAULT_NEIGHBOURS
                    + ") and store it in the model folder as the first stage of two-stage "
                    + "ranking (--candidates). Default: ${DEFAULT-VALUE}.")
    private String firstStage;

    /** Whether an EASE first stage is asked for; refused with {@code --model ease} or another. */
    boolean ease(ModelKind kind) {
        if (!firstStage.equals("none") && !firstStage.equals("ease")) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--first-stage must be none or ease, got '" + firstStage + "'");
        }
        if (firstStage.equals("ease") && kind == ModelKind.EASE) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--first-stage ease needs a nais-prod, nais-concat or fism model");
        }
        return firstStage.equals("ease");
    }

    /**
     * What the run's checkpoint records, so that a resumed run writes the same first stage;
     * refuses, before training, a catalogue whose EASE would not fit in memory.
     */
    Map<String, Object> record(ItemItemOptions itemItem, LeaveOneOutSplit split) {
        Map<String, Object> record = new LinkedHashMap<>();
        if (firstStage.equals("ease")) {
            Arguments.valid(mixee, () -> {
                EaseBlock.requireMemory(split.train().numItems());
                return split;
            });
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("lambda", itemItem.lambda());
            stage.put("neighbours", itemItem.neighbours(EaseTraining.DEFAULT_NEIGHBOURS));
            record.put(RECORD, stage);
        }
        return record;
    }

    /** The first stage of a resumed run, from its checkpoint's {@code record}. */
    void restore(JsonObject record, ItemItemOptions itemItem) {
        JsonObject stage = record.has(RECORD) ? record.getAsJsonObject(RECORD) : null;
        firstStage = stage == null ? "none" : "ease";
        if (stage != null) {
            JsonElement lambda = stage.get("lambda");
            itemItem.restore(lambda == null || lambda.isJsonNull() ? null : lambda.getAsFloat(),
                    stage.get("neighbours").getAsInt());
        }
    }

    /**
     * EASE fitted on {@code split}'s training interactions for the model folder, or
     * {@code null} without {@code --first-stage ease}; its λ and neighbours go into
     * {@code metadata} (the training record) under {@value #RECORD}.
     *
     * @param seed the seed of the validation split's negatives
     * @param k the cut-off of λ's validation HR@K
     */
    FirstStageFile.Fitted fit(ItemItemOptions itemItem, LeaveOneOutSplit split, long seed,
            int k, NDManager manager, Map<String, Object> metadata) {
        if (!firstStage.equals("ease")) {
            return null;
        }
        long start = System.nanoTime();
        Map<String, Object> fit = new LinkedHashMap<>();
        int kept = itemItem.neighbours(EaseTraining.DEFAULT_NEIGHBOURS);
        EaseBlock block = itemItem.fitEase(split, seed, k, true, kept, manager, fit);
        fit.put("fit_seconds", (System.nanoTime() - start) / 1e9);
        EaseConfig config = new EaseConfig((Float) fit.get("lambda"), kept);
        LOG.info("EASE first stage: lambda {}, {} neighbours", config.lambda(), kept);
        metadata.put(RECORD, fit);
        return new FirstStageFile.Fitted(block, config, fit);
    }
}
