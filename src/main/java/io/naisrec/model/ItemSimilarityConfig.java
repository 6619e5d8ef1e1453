package io.naisrec.model;

import java.util.Locale;

/**
 * Hyperparameters of NAIS and FISM, validated at construction. Defaults follow the NAIS paper and
 * its reference code.
 *
 * @param attention the attention variant: {@code prod} (W(p_i ⊙ q_j)) or {@code concat}
 *     (W[p_i; q_j]); default prod
 * @param embeddingSize D, size of item embeddings P and Q; default 16, at least 1
 * @param attentionSize A, hidden size of the attention MLP; default 16, at least 1
 * @param beta β of the smoothed softmax, in (0, 1]; default 0.5 (1 is the plain softmax). When
 *     β is learned, its starting value, in (0, 1)
 * @param learnBeta whether β is trained with the rest, as β = sigmoid(θ) with θ starting at
 *     logit(beta), so that it stays in (0, 1); default false (β fixed)
 * @param alpha α of the history-length normaliser n^−α, in [0, 1]; default 0
 * @param regTarget λ of the squared L2 norm of the target embeddings P; default 1e-7
 * @param regHistory λ of the squared L2 norm of the history embeddings Q; default 1e-7
 * @param regAttention λ of the squared L2 norm of the attention weights W; default 1e-5
 * @param maxHistory keep only the most recent items of a history; 0 keeps all (default)
 */
public record ItemSimilarityConfig(Attention attention, int embeddingSize, int attentionSize,
        float beta, boolean learnBeta, float alpha, float regTarget, float regHistory,
        float regAttention, int maxHistory) {

    /** The two attention variants of the paper. */
    public enum Attention {
        /** f(p_i, q_j) = hᵀ ReLU(W (p_i ⊙ q_j) + b). */
        PROD,
        /** f(p_i, q_j) = hᵀ ReLU(W [p_i; q_j] + b). */
        CONCAT;

        /** Parses {@code prod} or {@code concat}, case-insensitively. */
        public static Attention parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("attention must be prod or concat, got '"
                        + name + "'", e);
            }
        }
    }

    /** Validates every field. */
    public ItemSimilarityConfig {
        if (attention == null) {
            throw new IllegalArgumentException("attention must be prod or concat");
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("embedding size must be >= 1, got "
                    + embeddingSize);
        }
        if (attentionSize < 1) {
            throw new IllegalArgumentException("attention size must be >= 1, got "
                    + attentionSize);
        }
        if (!(beta > 0f && beta <= 1f)) {
            throw new IllegalArgumentException("beta must be in (0, 1], got " + beta);
        }
        if (learnBeta && beta == 1f) {
            throw new IllegalArgumentException("a learned beta starts in (0, 1), got 1");
        }
        if (!(alpha >= 0f && alpha <= 1f)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        for (float reg : new float[] {regTarget, regHistory, regAttention}) {
            if (!(reg >= 0f) || Float.isInfinite(reg)) {
                throw new IllegalArgumentException("regularisation weights must be finite and "
                        + ">= 0, got " + reg);
            }
        }
        if (maxHistory < 0) {
            throw new IllegalArgumentException("max history must be >= 0 (0 keeps all), got "
                    + maxHistory);
        }
    }

    /** A builder with the paper's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().optAttention(attention).optEmbeddingSize(embeddingSize)
                .optAttentionSize(attentionSize).optBeta(beta).optLearnBeta(learnBeta)
                .optAlpha(alpha).optRegularization(regTarget, regHistory, regAttention)
                .optMaxHistory(maxHistory);
    }

    /** Builder for {@link ItemSimilarityConfig}; {@link #build()} validates. */
    public static final class Builder {
        private Attention attention = Attention.PROD;
        private int embeddingSize = 16;
        private int attentionSize = 16;
        private float beta = 0.5f;
        private boolean learnBeta;
        private float alpha = 0f;
        private float regTarget = 1e-7f;
        private float regHistory = 1e-7f;
        private float regAttention = 1e-5f;
        private int maxHistory;

        private Builder() {}

        /** Attention variant. */
        public Builder optAttention(Attention value) {
            attention = value;
            return this;
        }

        /** Embedding size D. */
        public Builder optEmbeddingSize(int value) {
            embeddingSize = value;
            return this;
        }

        /** Attention MLP size A. */
        public Builder optAttentionSize(int value) {
            attentionSize = value;
            return this;
        }

        /** Smoothing exponent β in (0, 1]. */
        public Builder optBeta(float value) {
            beta = value;
            return this;
        }

        /** Whether β is trained (starting from the {@link #optBeta} value). */
        public Builder optLearnBeta(boolean value) {
            learnBeta = value;
            return this;
        }

        /** Length normalisation exponent α in [0, 1]. */
        public Builder optAlpha(float value) {
            alpha = value;
            return this;
        }

        /** Regularisation weights of P, Q and W. */
        public Builder optRegularization(float target, float history, float attentionWeights) {
            regTarget = target;
            regHistory = history;
            regAttention = attentionWeights;
            return this;
        }

        /** Most recent history items kept; 0 keeps all. */
        public Builder optMaxHistory(int value) {
            maxHistory = value;
            return this;
        }

        /** Builds and validates. */
        public ItemSimilarityConfig build() {
            return new ItemSimilarityConfig(attention, embeddingSize, attentionSize, beta,
                    learnBeta, alpha, regTarget, regHistory, regAttention, maxHistory);
        }
    }
}
