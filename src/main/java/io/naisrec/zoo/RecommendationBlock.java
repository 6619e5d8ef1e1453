package io.naisrec.zoo;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.naisrec.data.DataException;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemSimilarityBlock;
import io.naisrec.model.NoGradient;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The inference block of a loaded model: wraps a trained {@link ItemSimilarityBlock} (FISM or
 * NAIS) and scores whole catalogues. Its parameter file is the wrapped block's, so a model saved
 * in training loads here unchanged; loading rejects parameters of the wrong shape.
 *
 * <p>Dimensions: U users (or query items), L history length (padded), N items. Inputs, by count:
 * <ul>
 *   <li>(history (U, L) int32, mask (U, L) float32): outputs the logit of every item for every
 *       user, (U, N). Each user's real history items (mask 1; the most recent
 *       {@code maxHistory} of them when the model keeps only those) are embedded once per chunk
 *       of candidates and shared by all the chunk's candidates; chunks bound memory; a candidate
 *       that is itself in the history is left out of its own history, as in training;</li>
 *   <li>(history, mask, candidates (1) int32 holding M): two-stage ranking. {@link
 *       FismCandidates} picks the best M items outside each (whole) history by FISM's score with
 *       the model's embeddings (one matrix product for all users and items) and the model
 *       scores only those; every other item gets −∞. Output (U, N) as above;</li>
 *   <li>(items (U) int32): outputs the item-to-item similarity p_i · q_j of every item i to
 *       each query item j, (U, N).</li>
 * </ul>
 */
public final class RecommendationBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ItemSimilarityBlock scorer;

    /** Wraps {@code scorer}, whose parameters this block loads and uses. */
    public RecommendationBlock(ItemSimilarityBlock scorer) {
        super(VERSION);
        this.scorer = addChildBlock("scorer", scorer);
    }

    /** The wrapped FISM or NAIS block. */
    public ItemSimilarityBlock scorer() {
        return scorer;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        try (NoGradient off = NoGradient.enter()) {
            return score(store, inputs);
        }
    }

    private NDList score(ParameterStore store, NDList inputs) {
        if (inputs.size() == 1) {
            return new NDList(similarities(store, inputs.get(0)));
        }
        NDArray history = inputs.get(0);
        NDManager manager = history.getManager();
        long users = history.getShape().get(0);
        long length = history.getShape().get(1);
        int[] ids = history.toIntArray();
        float[] mask = inputs.get(1).toFloatArray();
        List<int[]> histories = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            List<Integer> known = new ArrayList<>();
            for (int j = 0; j < length; j++) {
                if (mask[(int) (u * length + j)] > 0f) {
                    known.add(ids[(int) (u * length + j)]);
                }
            }
            if (known.isEmpty()) {
                throw new IllegalArgumentException("a history needs at least one known item");
            }
            histories.add(known.stream().mapToInt(Integer::intValue).toArray());
        }
        int[][] shortlists = inputs.size() > 2
                ? new FismCandidates(scorer, manager).top(histories.stream()
                        .map(scorer::historyUsed).toList(), histories, inputs.get(2).getInt(0))
                : null;
        int[] everyItem = IntStream.range(0, scorer.numItems()).toArray();
        NDList rows = new NDList();
        for (int u = 0; u < users; u++) {
            int[] candidates = shortlists == null ? everyItem : shortlists[u];
            float[] row = new float[scorer.numItems()];
            Arrays.fill(row, Float.NEGATIVE_INFINITY);
            float[] logits = BlockScorer.logits(scorer, manager,
                    scorer.historyUsed(histories.get(u)), candidates);
            for (int c = 0; c < candidates.length; c++) {
                row[candidates[c]] = logits[c];
            }
            rows.add(manager.create(row));
        }
        return new NDList(NDArrays.stack(rows));
    }

    /**
     * The catalogue-scoring inputs for some users' histories: indices (U, L) padded with
     * {@code padding} to the longest history, and the mask (U, L).
     */
    public static NDList catalogueInputs(NDManager manager, List<int[]> histories,
            int padding) {
        int length = 1;
        for (int[] history : histories) {
            length = Math.max(length, history.length);
        }
        int[] ids = new int[histories.size() * length];
        float[] mask = new float[ids.length];
        Arrays.fill(ids, padding);
        for (int u = 0; u < histories.size(); u++) {
            int[] history = histories.get(u);
            for (int j = 0; j < history.length; j++) {
                ids[u * length + j] = history[j];
                mask[u * length + j] = 1f;
            }
        }
        Shape shape = new Shape(histories.size(), length);
        return new NDList(manager.create(ids, shape), manager.create(mask, shape));
    }

    /**
     * Scores {@code targets} for one history and returns their logits (K) and the attention
     * weights of each history item for each target (K, L): what explains a recommendation.
     */
    public NDList explain(ParameterStore store, NDManager manager, int[] history,
            int[] targets) {
        try (NoGradient off = NoGradient.enter()) {
            NDArray ids = historyArray(manager, history);
            NDArray candidates = manager.create(targets);
            NDArray notSelf = candidates.expandDims(1).neq(ids).toType(DataType.FLOAT32, false);
            NDList out = scorer.forward(store, new NDList(ids, notSelf, candidates), false);
            return new NDList(out.get(0), out.get(1));
        }
    }

    private NDArray historyArray(NDManager manager, int[] history) {
        if (history.length == 0) {
            throw new IllegalArgumentException("a history needs at least one known item");
        }
        return manager.create(history, new Shape(1, history.length));
    }

    private NDArray similarities(ParameterStore store, NDArray items) {
        NDArray q = store.getValue(scorer.getParameters().get(
                ItemSimilarityBlock.HISTORY_EMBEDDING), items.getDevice(), false);
        NDArray p = store.getValue(scorer.getParameters().get(
                ItemSimilarityBlock.TARGET_EMBEDDING), items.getDevice(), false);
        NDArray rows = items.getNDArrayInternal().embedding(items, q, SparseFormat.DENSE)
                .singletonOrThrow();                                             // (U, D)
        NDArray transposed = p.transpose();                                      // (D, N)
        transposed.attach(items.getManager());
        return rows.matMul(transposed);                                          // (U, N)
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), scorer.numItems())};
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        scorer.saveParameters(os);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws IOException, MalformedModelException {
        Map<String, Shape> expected = ModelDirectory.declaredShapes(scorer);
        scorer.loadParameters(manager, is);
        try {
            ModelDirectory.checkShapes(ModelDirectory.PARAMS_FILE, expected, scorer);
        } catch (DataException e) {
            throw new MalformedModelException(e.getMessage(), e);
        }
    }
}
