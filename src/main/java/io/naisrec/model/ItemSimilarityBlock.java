package io.naisrec.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What FISM and NAIS share: history embeddings Q (with a padding row at index
 * {@code numItems}), target embeddings P and an item bias, and the score
 * ŷ_ui = n^−α Σ_j a_ij (p_i · q_j) + b_i over the user's history items j, with the weights
 * a_ij given by the subclass (FISM: 1; NAIS: its attention).
 *
 * <p>Dimensions: B batch, L history length (padded), D embedding size; U users, T items of
 * ragged histories, C or K targets.
 *
 * <p>Inputs of {@link #forward} ({@link NDList}, in this order), the layout of training and
 * evaluation:
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
 * <p>For inference on whole batches of users, {@link #scoreCatalogue} and {@link #scoreTargets}
 * compute the same scores on {@link RaggedHistory ragged histories} (no padding), against a
 * slice of the catalogue or against each user's own targets.
 *
 * <p>The L2 regularisation λ_P‖P‖² + λ_Q‖Q‖² (+ λ_W‖W‖² for NAIS) is not computed here: its
 * gradient 2λw is added by the optimizer ({@link #l2Weights()}), which spares every batch the
 * norms of whole tables and their backward pass.
 *
 * <p>Saved parameters carry the block's description (kind, item count, sizes, α, β, whether β is
 * learned, history cap); loading parameters written for another description is a
 * {@link MalformedModelException}. Parameters of version 1 (no description) still load.
 */
public abstract class ItemSimilarityBlock extends AbstractBlock {

    /** Name of the history embedding table Q, shape (numItems + 1, D). */
    public static final String HISTORY_EMBEDDING = "history_embedding";
    /** Name of the target embedding table P, shape (numItems, D). */
    public static final String TARGET_EMBEDDING = "target_embedding";
    /** Name of the item bias, shape (numItems, 1). */
    public static final String ITEM_BIAS = "item_bias";

    /** Version 2: the parameters are preceded by the block's description. */
    private static final byte VERSION = 2;
    private static final byte UNDESCRIBED_VERSION = 1;

    protected final ItemSimilarityConfig config;
    protected final int numItems;
    private final Parameter history;
    private final Parameter target;
    private final Parameter bias;

    protected ItemSimilarityBlock(ItemSimilarityConfig config, int numItems) {
        super(VERSION);
        if (numItems < 1) {
            throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
        }
        this.config = config;
        this.numItems = numItems;
        inputNames = List.of("history", "mask", "target");
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
    public ItemSimilarityConfig config() {
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
        ParameterCopy.copy(source, this, HISTORY_EMBEDDING, TARGET_EMBEDDING, ITEM_BIAS);
    }

    /**
     * Copies every parameter, in place, from a block of the same kind and configuration (a
     * checkpoint read back). Call after initialisation, outside a gradient collector.
     */
    public void copyAllParametersFrom(ItemSimilarityBlock source) {
        ParameterCopy.copy(source, this, getParameters().keys().toArray(String[]::new));
    }

    @Override
    protected final NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray historyIds = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray targetIds = inputs.get(2);
        NDArrayEx ex = historyIds.getNDArrayInternal();
        NDArray q = store.getValue(history, historyIds.getDevice(), training);
        NDArray historyVectors = ex.embedding(historyIds, q, SparseFormat.DENSE)
                .singletonOrThrow();                                         // (B or 1, L, D)
        NDArray targetVectors = targetVectors(store, targetIds, training);   // (B, D)
        NDArray itemBias = itemBias(store, targetIds, training).reshape(-1); // (B)
        NDArray weights = historyWeights(store, historyVectors, targetVectors, mask,
                training);                                                   // (B, L)
        // a shared history pools as one (B, L) x (L, D) product (deterministic for a given
        // thread count, like every kernel here; tested across processes in TrainResumeTest)
        NDArray pooled = historyVectors.getShape().get(0) == 1
                ? weights.matMul(historyVectors.squeeze(0))                  // (B, L) x (L, D)
                : weights.expandDims(1).matMul(historyVectors).squeeze(1);   // (B, D)
        NDArray logits = pooled.mul(targetVectors).sum(new int[] {1});     // (B)
        if (config.alpha() != 0f) {
            logits = logits.mul(mask.sum(new int[] {1}).maximum(1f).pow(-config.alpha()));
        }
        return new NDList(logits.add(itemBias), weights);
    }

    /**
     * Logits of the catalogue items {@code from} to {@code to} (exclusive) for ragged
     * histories, (U, C); an item of a user's history is left out of its own score's history, as
     * in training, and scores −∞, so that it is never recommended.
     */
    public NDArray scoreCatalogue(ParameterStore store, RaggedHistory histories, int from,
            int to) {
        NDArray targets = histories.items().getManager().arange(from, to, 1, DataType.INT32,
                histories.items().getDevice());                              // (C)
        return scoreShared(store, histories, targets, true);
    }

    /**
     * Logits of targets (C) int32 that every user shares, for ragged histories, (U, C); a
     * target in a user's history is left out of that history's sum, as in training.
     */
    public NDArray scoreShared(ParameterStore store, RaggedHistory histories, NDArray targets) {
        return scoreShared(store, histories, targets, false);
    }

    private NDArray scoreShared(ParameterStore store, RaggedHistory histories, NDArray targets,
            boolean excludeHistory) {
        NDArray p = targetVectors(store, targets, false);                   // (C, D)
        NDArray same = histories.same(targets);                             // (T, C)
        NDArray mask = histories.mask(same);
        NDArray weights = raggedWeights(store, histories, targets, p, mask); // (T, C)
        NDArray pair = histories.vectors().matMul(p.transpose());           // (T, C): q_j · p_i
        NDArray logits = finish(histories, weights.mul(pair), mask,
                itemBias(store, targets, false).reshape(1, -1));            // (U, C)
        return excludeHistory ? RaggedHistory.excluding(histories.holds(same), logits) : logits;
    }

    /** The score of targets (C) int32 for an empty history: their item bias alone, (C). */
    public NDArray scoreWithoutHistory(ParameterStore store, NDArray targets) {
        return itemBias(store, targets, false).reshape(-1);
    }

    /**
     * Logits, weights and contributions of each user's own targets, (U, K) int32, for ragged
     * histories: the logits (U, K); the weight a_ij of every history item j for each of its
     * user's targets i (T, K); and its contribution to the logit (T, K), n^−α a_ij (p_i · q_j),
     * which with the item bias sums to the logit: the explanation of a recommendation.
     */
    public NDList scoreTargets(ParameterStore store, RaggedHistory histories, NDArray targets) {
        long k = targets.getShape().get(1);
        NDArray index = histories.user().expandDims(1).broadcast(new Shape(histories.length(),
                k)).toType(DataType.INT64, false);
        NDArray perItem = targets.gather(index, 0);                          // (T, K)
        NDArray p = targetVectors(store, perItem, false);                   // (T, K, D)
        NDArray mask = histories.mask(histories.same(perItem));             // (T, K)
        NDArray weights = raggedWeights(store, histories, perItem, p, mask); // (T, K)
        NDArray pair = histories.vectors().expandDims(1).mul(p).sum(new int[] {2}); // (T, K)
        NDArray terms = weights.mul(pair);                                   // (T, K)
        NDArray logits = finish(histories, terms, mask,
                itemBias(store, targets, false).reshape(targets.getShape())); // (U, K)
        NDArray contributions = config.alpha() == 0f ? terms
                : terms.mul(histories.spread(histories.counts(mask).pow(-config.alpha())));
        return new NDList(logits, weights, contributions);
    }

    /**
     * FISM's score of {@code targets} for ragged histories, n^−α p_i · Σ_j q_j + b_i over the
     * items looked at (the targets not removed from them), (U, X): uniform weights make the
     * sum over history items one (U, D) × (D, X) product.
     *
     * @param targets (X) int32
     */
    public NDArray uniformScores(ParameterStore store, RaggedHistory histories,
            NDArray targets) {
        NDArray used = histories.used().expandDims(1);                          // (T, 1)
        NDArray summed = histories.sum(histories.vectors().mul(used));          // (U, D)
        if (config.alpha() != 0f) {
            summed = summed.mul(histories.counts(used).pow(-config.alpha()));   // n^−α
        }
        NDArray p = targetVectors(store, targets, false);                      // (X, D)
        return summed.matMul(p.transpose()).add(itemBias(store, targets, false)
                .reshape(1, -1));                                               // (U, X)
    }

    /** {@link #uniformScores} of every catalogue item, (U, N). */
    public NDArray catalogueScores(ParameterStore store, RaggedHistory histories) {
        NDArray items = histories.items().getManager().arange(0, numItems(), 1, DataType.INT32,
                histories.items().getDevice());                                 // (N)
        return uniformScores(store, histories, items);
    }

    /** Σ_j over each user, the n^−α normaliser and the bias: (T, X) terms → (U, X) logits. */
    private NDArray finish(RaggedHistory histories, NDArray terms, NDArray mask, NDArray bias) {
        NDArray logits = histories.sum(terms);                               // (U, X)
        if (config.alpha() != 0f) {
            logits = logits.mul(histories.counts(mask).pow(-config.alpha()));
        }
        return logits.add(bias);
    }

    /** The target embeddings p_i of {@code ids}, shape ids + (D). */
    protected NDArray targetVectors(ParameterStore store, NDArray ids, boolean training) {
        NDArray p = store.getValue(target, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, p, SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray itemBias(ParameterStore store, NDArray ids, boolean training) {
        NDArray b = store.getValue(bias, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, b, SparseFormat.DENSE).singletonOrThrow();
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
     * Elements per target of a pass's largest tensor for a history of {@code historyLength}
     * items: max(L, D) × {@link #pairWidth()} (the (B, D) target vectors count when histories
     * are shorter than D). Training and scoring bound their passes by targets × this.
     */
    public long rowElements(long historyLength) {
        return Math.max(historyLength, config.embeddingSize()) * pairWidth();
    }

    /**
     * Elements per target of the largest tensor of {@link #scoreTargets}, where every history
     * item meets its own user's targets: T × max(D, {@link #pairWidth()}) for the (T, K, D)
     * target vectors and the (T, K, A) hidden layer, over {@code historyItems} items T.
     */
    public long ownTargetElements(long historyItems) {
        return historyItems * Math.max(config.embeddingSize(), pairWidth());
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

    /**
     * The weight of each ragged history item for each target (inference).
     *
     * @param targets the targets' item indices, int32: (C) shared, or (T, K) each item's own
     *     user's
     * @param targetVectors p_i: (C, D) for targets every user shares, or (T, K, D) for each
     *     item's own user's targets
     * @param mask (T, C) or (T, K): 0 where the item is the target
     * @return (T, C) or (T, K), zero at masked positions
     */
    protected abstract NDArray raggedWeights(ParameterStore store, RaggedHistory histories,
            NDArray targets, NDArray targetVectors, NDArray mask);

    /**
     * How much each query item j speaks for every catalogue item i, (Q, N): p_i · q_j (the
     * query itself included; callers exclude it).
     *
     * @param queries (Q) int32
     */
    public NDArray similarity(ParameterStore store, NDArray queries) {
        NDArray q = store.getValue(history, queries.getDevice(), false);
        NDArray p = store.getValue(target, queries.getDevice(), false);
        return queries.getNDArrayInternal().embedding(queries, q, SparseFormat.DENSE)
                .singletonOrThrow().matMul(p.transpose());                   // (Q, N)
    }

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

    /** Writes the input shapes and the description: kind, items, D, A, α, β, learned β, cap. */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeUTF(description());
    }

    /** Checks that saved parameters were written for a block of this description. */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION && loadVersion != UNDESCRIBED_VERSION) {
            throw new MalformedModelException("parameters of version " + loadVersion + " are "
                    + "not supported (this version reads " + UNDESCRIBED_VERSION + " and "
                    + VERSION + ")");
        }
        readInputShapes(is);
        if (loadVersion == VERSION) {
            String saved = is.readUTF();
            if (!saved.equals(description())) {
                throw new MalformedModelException("the parameters are those of " + saved
                        + ", not of " + description());
            }
        }
    }

    /** What saved parameters are checked against: {@link ModelKind#describe}. */
    String description() {
        return ModelKind.of(this).describe(config, numItems);
    }
}
