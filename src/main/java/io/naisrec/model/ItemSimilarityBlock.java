package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What FISM and NAIS share: history embeddings Q (with a zero padding row at index
 * {@code numItems}), target embeddings P and an item bias, looked up for a batch of
 * (history, mask, target) inputs. Subclasses weigh the history items.
 *
 * <p>Dimensions: B batch, L history length (padded), D embedding size.
 *
 * <p>Inputs ({@link NDList}, in this order):
 * <ol>
 *   <li>history item indices, (B, L) int32, or (1, L) when every row shares one history (as the
 *       samples of one user do: the history is then embedded once); padded positions hold any
 *       valid index, conventionally the padding row {@code numItems};</li>
 *   <li>mask, (B, L), float32: 1 for a real history item, 0 for padding or an excluded target;</li>
 *   <li>target item indices, (B), int32.</li>
 * </ol>
 * Outputs: logits ŷ (B) and the history weights a (B, L). Masked positions get weight exactly 0,
 * so neither the padding row nor an excluded target receives any gradient through them.
 *
 * <p>The L2 regularisation λ_P‖P‖² + λ_Q‖Q‖² (+ λ_W‖W‖² for NAIS) is not computed here: its
 * gradient 2λw is added by the optimizer ({@link #l2Weights()}), which spares every batch the
 * norms of whole tables and their backward pass.
 */
public abstract class ItemSimilarityBlock extends AbstractBlock {

    /** Name of the history embedding table Q, shape (numItems + 1, D). */
    public static final String HISTORY_EMBEDDING = "history_embedding";
    /** Name of the target embedding table P, shape (numItems, D). */
    public static final String TARGET_EMBEDDING = "target_embedding";
    /** Name of the item bias, shape (numItems, 1). */
    public static final String ITEM_BIAS = "item_bias";

    protected final NaisConfig config;
    protected final int numItems;
    private final Parameter history;
    private final Parameter target;
    private final Parameter bias;

    protected ItemSimilarityBlock(byte version, NaisConfig config, int numItems) {
        super(version);
        if (numItems < 1) {
            throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
        }
        this.config = config;
        this.numItems = numItems;
        int d = config.embeddingSize();
        history = addParameter(Parameter.builder().setName(HISTORY_EMBEDDING)
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(numItems + 1L, d))
                .optInitializer(new PaddedEmbeddingInitializer()).build());
        target = addParameter(Parameter.builder().setName(TARGET_EMBEDDING)
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(numItems, d))
                .optInitializer(new TruncatedNormalInitializer(0.01f)).build());
        bias = addParameter(Parameter.builder().setName(ITEM_BIAS).setType(Parameter.Type.BIAS)
                .optShape(new Shape(numItems, 1)).optInitializer(new ConstantInitializer(0f))
                .build());
    }

    /** The configuration. */
    public NaisConfig config() {
        return config;
    }

    /** Number of items; the padding index. */
    public int numItems() {
        return numItems;
    }

    /**
     * Copies Q, P and the item bias from an initialised block of the same item count and
     * embedding size (FISM pre-training for NAIS). Call after initialisation, outside a
     * gradient collector.
     */
    public void copyEmbeddingsFrom(ItemSimilarityBlock source) {
        copyParameters(source, new String[] {HISTORY_EMBEDDING, TARGET_EMBEDDING, ITEM_BIAS});
    }

    /**
     * Copies every parameter, in place, from a block of the same kind and configuration (a
     * checkpoint read back). Call after initialisation, outside a gradient collector.
     */
    public void copyAllParametersFrom(ItemSimilarityBlock source) {
        copyParameters(source, getParameters().keys().toArray(String[]::new));
    }

    private void copyParameters(ItemSimilarityBlock source, String[] names) {
        if (source.numItems != numItems
                || source.config.embeddingSize() != config.embeddingSize()) {
            throw new IllegalArgumentException("cannot initialise from a model with "
                    + source.numItems + " items and embedding size "
                    + source.config.embeddingSize() + ": this one has " + numItems + " and "
                    + config.embeddingSize());
        }
        try (NoGradient off = NoGradient.enter()) {
            for (String name : names) {
                NDArray from = source.getParameters().get(name).getArray();
                NDArray to = getParameters().get(name).getArray();
                if (!from.getShape().equals(to.getShape())) {
                    throw new IllegalArgumentException("parameter " + name + " has shape "
                            + from.getShape() + ", this model needs " + to.getShape());
                }
                to.set(from.toFloatArray());
            }
        }
    }

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray historyIds = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray targetIds = inputs.get(2);
        NDArrayEx ex = historyIds.getNDArrayInternal();
        NDArray q = store.getValue(history, historyIds.getDevice(), training);
        NDArray p = store.getValue(target, historyIds.getDevice(), training);
        NDArray b = store.getValue(bias, historyIds.getDevice(), training);
        NDArray historyVectors = ex.embedding(historyIds, q, SparseFormat.DENSE)
                .singletonOrThrow();                                         // (B or 1, L, D)
        NDArray targetVectors = ex.embedding(targetIds, p, SparseFormat.DENSE)
                .singletonOrThrow();                                         // (B, D)
        NDArray itemBias = ex.embedding(targetIds, b, SparseFormat.DENSE).singletonOrThrow()
                .reshape(-1);                                                // (B)
        NDArray weights = historyWeights(store, historyVectors, targetVectors, mask,
                training);                                                   // (B, L)
        // a shared history pools as one (B, L) x (L, D) product (deterministic for a given
        // thread count, like every kernel here; tested across processes in TrainResumeTest)
        NDArray pooled = historyVectors.getShape().get(0) == 1
                ? weights.matMul(historyVectors.squeeze(0))                  // (B, L) x (L, D)
                : weights.expandDims(1).matMul(historyVectors).squeeze(1);   // (B, D)
        NDArray logits = pooled.mul(targetVectors).sum(new int[] {1});     // (B)
        if (config.alpha() != 0f) {
            NDArray count = mask.sum(new int[] {1}).maximum(1f);             // (B)
            logits = logits.mul(count.pow(-config.alpha()));
        }
        return new NDList(logits.add(itemBias), weights);
    }

    /**
     * The history items this block looks at: the most recent {@code maxHistory} of
     * {@code history} (oldest first), or all of them when there is no cap.
     */
    public int[] historyUsed(int[] history) {
        int max = config.maxHistory();
        return max > 0 && history.length > max
                ? Arrays.copyOfRange(history, history.length - max, history.length) : history;
    }

    /**
     * Floats per history–target pair in this block's largest intermediate tensor: the attention
     * size for NAIS (its hidden layer), 1 for FISM (its (B, L) weights).
     */
    public abstract int pairWidth();

    /**
     * Elements per target row of a forward pass's largest tensor for a history of
     * {@code historyLength} items: max(L, D) × {@link #pairWidth()} (the (B, D) target vectors
     * count when histories are shorter than D). Training and scoring bound their passes by rows
     * × this.
     */
    public long rowElements(int historyLength) {
        return (long) Math.max(historyLength, config.embeddingSize()) * pairWidth();
    }

    /**
     * The L2 weight λ of each regularised parameter, by name: the objective adds λ‖w‖², so its
     * gradient adds 2λw (P, Q, and the attention's W for NAIS).
     */
    public Map<String, Float> l2Weights() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put(TARGET_EMBEDDING, config.regTarget());
        weights.put(HISTORY_EMBEDDING, config.regHistory());
        weights.putAll(attentionL2Weights());
        return weights;
    }

    /**
     * The weight of each history item for each target, before the n^−α normaliser.
     *
     * @param historyVectors q_j, (B, L, D) or (1, L, D) shared by all rows; masked positions
     *     hold arbitrary vectors and must get weight 0
     * @param targetVectors p_i, (B, D)
     * @param mask (B, L)
     * @return (B, L), zero at masked positions
     */
    protected abstract NDArray historyWeights(ParameterStore store, NDArray historyVectors,
            NDArray targetVectors, NDArray mask, boolean training);

    /** The L2 weights of the attention network's parameters, by name; none for FISM. */
    protected abstract Map<String, Float> attentionL2Weights();

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape mask = inputShapes[1];
        return new Shape[] {new Shape(mask.get(0)), mask};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (inputShapes.length < 3) {
            throw new IllegalArgumentException("expected 3 inputs (history, mask, target), got "
                    + inputShapes.length);
        }
    }
}
