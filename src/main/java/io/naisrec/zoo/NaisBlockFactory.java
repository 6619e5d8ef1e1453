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
 * checksums, vocabulary) and returns a {@link RecommendationBlock} around the FISM or NAIS block
 * its {@code metadata.json} describes. DJL then loads {@code nais-0000.params} into it.
 */
public final class NaisBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        try {
            ModelDirectory.Description description = ModelDirectory.verify(modelPath);
            return new RecommendationBlock(description.kind().newBlock(description.config(),
                    description.items().size()));
        } catch (DataException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
