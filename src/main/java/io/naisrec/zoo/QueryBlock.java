package io.naisrec.zoo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import io.naisrec.model.ItemSimilarityBlock;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A block that answers one kind of query with a trained {@link ItemSimilarityBlock}, whose
 * parameters it uses: its parameter file is the trained block's, so saving a loaded model writes
 * the file training wrote.
 */
public abstract class QueryBlock extends AbstractBlock {

    private final ItemSimilarityBlock trained;
    private final int topK;

    /**
     * @param trained a trained block
     * @param topK items per query, at least 1
     */
    protected QueryBlock(ItemSimilarityBlock trained, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be positive, got " + topK);
        }
        this.trained = addChildBlock("trained", trained);
        this.topK = topK;
    }

    /** The wrapped FISM or NAIS block. */
    public ItemSimilarityBlock trainedBlock() {
        return trained;
    }

    /** The most items one query returns. */
    public int topK() {
        return topK;
    }

    /** Writes the wrapped block's parameters: the same file as the trained model's. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        trained.saveParameters(os);
    }

    /** Reads the wrapped block's parameters, as written by training. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        trained.loadParameters(manager, is);
    }
}
