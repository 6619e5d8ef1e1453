package io.naisrec.zoo;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import io.naisrec.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the block of a nais model folder for DJL's model zoo ({@code blockFactory} in
 * {@code serving.properties}): verifies the folder ({@link ModelDirectory#verify}: format,
 * checksums, vocabulary) and returns the FISM or NAIS block its {@code metadata.json} describes,
 * the model itself; DJL then loads {@code nais-0000.params} into it, and the block checks that
 * the parameters were written for its description. {@link NaisTranslatorFactory} wraps it in the
 * block of the query the model is loaded for.
 */
public final class NaisBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        try {
            ModelDirectory.Description description = ModelDirectory.verify(modelPath);
            return description.kind().newBlock(description.config(),
                    description.items().size());
        } catch (DataException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
