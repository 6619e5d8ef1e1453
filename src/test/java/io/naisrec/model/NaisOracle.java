package io.naisrec.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FISM and NAIS computed from the paper's formulas in plain Java doubles, from a block's
 * parameter arrays: an oracle that shares no code with the blocks. For a history (oldest first)
 * and a target i: the items the model looks at are the most recent {@code maxHistory} (all when
 * 0), without i itself; f_ij = hᵀ ReLU(W x_ij + b) with x_ij = p_i ⊙ q_j (prod) or
 * [p_i; q_j] (concat); a_ij = exp(f_ij) / (Σ_k exp(f_ik))^β (FISM: 1);
 * ŷ_ui = n^−α Σ_j a_ij (p_i · q_j) + b_i with n the number of items looked at.
 */
public final class NaisOracle {

    private final ModelKind kind;
    private final ItemSimilarityConfig config;
    private final int d;
    private final int a;
    private final float[] q;
    private final float[] p;
    private final float[] bias;
    private final float[] w;
    private final float[] wTarget;
    private final float[] hiddenBias;
    private final float[] h;
    private final double beta;

    /** An oracle with the current parameters of {@code block}. */
    public NaisOracle(ItemSimilarityBlock block) {
        kind = ModelKind.of(block);
        config = block.config();
        d = config.embeddingSize();
        a = config.attentionSize();
        q = values(block, ItemSimilarityBlock.HISTORY_EMBEDDING);
        p = values(block, ItemSimilarityBlock.TARGET_EMBEDDING);
        bias = values(block, ItemSimilarityBlock.ITEM_BIAS);
        boolean concat = kind == ModelKind.NAIS_CONCAT;
        w = kind.isNais() ? values(block, concat ? "attention_w_history" : "attention_w") : null;
        wTarget = concat ? values(block, "attention_w_target") : null;
        hiddenBias = kind.isNais() ? values(block, "attention_b") : null;
        h = kind.isNais() ? values(block, "attention_h") : null;
        beta = config.learnBeta()
                ? 1 / (1 + Math.exp(-values(block, NaisBlock.BETA_LOGIT)[0])) : config.beta();
    }

    private static float[] values(ItemSimilarityBlock block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    /** The history items looked at for target i: the most recent ones, without i. */
    public int[] lookedAt(int[] history, int target) {
        int cap = config.maxHistory();
        int[] recent = cap > 0 && history.length > cap
                ? Arrays.copyOfRange(history, history.length - cap, history.length) : history;
        return Arrays.stream(recent).filter(j -> j != target).toArray();
    }

    /** f_ij. */
    public double attentionLogit(int target, int item) {
        double f = 0;
        for (int k = 0; k < a; k++) {
            double hidden = hiddenBias[k];
            for (int e = 0; e < d; e++) {
                double pe = p[target * d + e];
                double qe = q[item * d + e];
                hidden += wTarget == null ? w[e * a + k] * pe * qe
                        : wTarget[e * a + k] * pe + w[e * a + k] * qe;
            }
            f += h[k] * Math.max(0, hidden);
        }
        return f;
    }

    /** a_ij for each item of {@link #lookedAt}, in that order. */
    public double[] weights(int[] history, int target) {
        int[] items = lookedAt(history, target);
        double[] weights = new double[items.length];
        if (!kind.isNais()) {
            Arrays.fill(weights, 1);
            return weights;
        }
        double[] f = new double[items.length];
        double sum = 0;
        for (int j = 0; j < items.length; j++) {
            f[j] = attentionLogit(target, items[j]);
            sum += Math.exp(f[j]);
        }
        for (int j = 0; j < items.length; j++) {
            weights[j] = Math.exp(f[j]) / Math.pow(sum, beta);
        }
        return weights;
    }

    /** n^−α a_ij (p_i · q_j) for each item of {@link #lookedAt}, in that order. */
    public double[] contributions(int[] history, int target) {
        int[] items = lookedAt(history, target);
        double[] contributions = weights(history, target);
        for (int j = 0; j < items.length; j++) {
            double similarity = 0;
            for (int e = 0; e < d; e++) {
                similarity += p[target * d + e] * q[items[j] * d + e];
            }
            contributions[j] *= similarity * Math.pow(Math.max(1, items.length),
                    -config.alpha());
        }
        return contributions;
    }

    /** ŷ_ui. */
    public double logit(int[] history, int target) {
        int[] items = lookedAt(history, target);
        double[] weights = weights(history, target);
        double sum = 0;
        for (int j = 0; j < items.length; j++) {
            double similarity = 0;
            for (int e = 0; e < d; e++) {
                similarity += p[target * d + e] * q[items[j] * d + e];
            }
            sum += weights[j] * similarity;
        }
        return Math.pow(Math.max(1, items.length), -config.alpha()) * sum + bias[target];
    }

    /**
     * The first stage of two-stage ranking: n^−α Σ_j p_i · q_j + b_i over the most recent
     * items (uniform weights; i is not removed, since the shortlist never holds a history item).
     */
    public double firstStage(int[] history, int item) {
        int cap = config.maxHistory();
        int[] recent = cap > 0 && history.length > cap
                ? Arrays.copyOfRange(history, history.length - cap, history.length) : history;
        double sum = 0;
        for (int j : recent) {
            sum += similarity(item, j);
        }
        return Math.pow(recent.length, -config.alpha()) * sum + bias[item];
    }

    /** p_i · q_j, the learned item-to-item similarity. */
    public double similarity(int target, int item) {
        double s = 0;
        for (int e = 0; e < d; e++) {
            s += p[target * d + e] * q[item * d + e];
        }
        return s;
    }

    /** The {@code k} best items by {@link #logit} outside the whole history, best first. */
    public List<Integer> top(int[] history, int numItems, int k) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < numItems; i++) {
            int item = i;
            if (Arrays.stream(history).noneMatch(j -> j == item)) {
                candidates.add(i);
            }
        }
        double[] scores = new double[numItems];
        for (int i : candidates) {
            scores[i] = logit(history, i);
        }
        candidates.sort((x, y) -> Double.compare(scores[y], scores[x]));
        return candidates.subList(0, Math.min(k, candidates.size()));
    }
}
