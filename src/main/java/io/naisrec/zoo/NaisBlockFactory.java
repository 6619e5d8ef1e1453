package io.naisrec.zoo;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.translate.ArgumentsUtil;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the block of a nais model folder for DJL's model zoo ({@code blockFactory} in
 * {@code serving.properties}): verifies the folder ({@link ModelDirectory#verify}: format,
 * checksums, vocabulary), makes the FISM or NAIS block its {@code metadata.json} describes, and
 * returns it wrapped in the {@link ServingBlock} that answers every kind of query (up to the
 * larger of the {@code topK} and {@code maxTopK} arguments per query), shortlisting two stages
 * by the folder's EASE first stage when it has one ({@link FirstStageFile}; the
 * {@code firstStage} argument, {@code fism} or {@code ease}, chooses); DJL then loads
 * {@code nais-0000.params} into it, and the trained block checks that the parameters were written
 * for its description. This is the one place a loaded model's block is made.
 *
 * <p>DJL lets a block factory throw only {@link IOException}: a damaged folder is one whose
 * cause is the {@link MalformedModelException} that says what is wrong (same message).
 */
public final class NaisBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 2L;

    /** The folder's description when it was verified before loading; {@code null}: verify. */
    private final transient ModelDirectory.Description verified;

    /** The factory {@code serving.properties} names: it verifies the folder it is given. */
    public NaisBlockFactory() {
        this(null);
    }

    private NaisBlockFactory(ModelDirectory.Description verified) {
        this.verified = verified;
    }

    /**
     * A factory for a folder verified just before, which builds its block without checking
     * the folder again (pass it as the {@code blockFactory} argument of a {@code Criteria}).
     */
    public static NaisBlockFactory verified(ModelDirectory.Description description) {
        return new NaisBlockFactory(description);
    }

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        try {
            ModelDirectory.Description description = verified != null
                    && same(verified.folder(), modelPath) ? verified
                    : ModelDirectory.verify(modelPath);
            int maxTopK = Math.max(NaisTranslatorFactory.maxTopK(arguments),
                    ArgumentsUtil.intValue(arguments, "topK",
                            NaisTranslatorFactory.DEFAULT_TOP_K));
            ItemSimilarityBlock trained = description.kind().newBlock(description.config(),
                    description.items().size());
            return new ServingBlock(trained, Math.max(1, maxTopK), FirstStageFile.choose(
                    description, arguments.get(FirstStageFile.ARGUMENT))
                    ? new FismCandidates(FirstStageFile.load(description, model.getNDManager()))
                    : null);
        } catch (MalformedModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
