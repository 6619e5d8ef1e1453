package io.naisrec.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NAIS (He et al., TKDE 2018): ŷ_ui = n^−α Σ_j a_ij (p_i · q_j) + b_i, where the attention
 * a_ij = exp(f_ij) / (Σ_j exp(f_ij))^β is a {@link SmoothedSoftmax} over the user's history
 * items j (never the target itself: the mask excludes it) of f_ij = hᵀ ReLU(W x_ij + b), with
 * x_ij = p_i ⊙ q_j ({@code prod}) or [p_i; q_j] ({@code concat}).
 *
 * <p>Dimensions: B batch, L history length, D embedding size, A attention size. Inputs: history
 * (B, L) int32, mask (B, L) float32, target (B) int32. Outputs: logits (B); attention a (B, L).
 * Regularised (by the optimizer, {@link #l2Weights()}): λ_P‖P‖² + λ_Q‖Q‖² + λ_W‖W‖².
 *
 * <p>With {@link ItemSimilarityConfig#learnBeta()}, β = sigmoid(θ) is trained with the rest
 * (θ is the parameter {@value #BETA_LOGIT}, starting at logit of the configured β), so it stays
 * in (0, 1).
 *
 * <p>For {@code concat}, W = [W_p; W_q] is kept as its two halves, so that W[p_i; q_j] =
 * W_p p_i + W_q q_j is computed once per target and once per history item instead of per pair.
 * Initialisation as the reference code: embeddings truncated normal σ 0.01 (the item bias 0, in
 * {@link ItemSimilarityBlock}); W truncated normal σ √(2/(A+D)) for prod, √(2/(A+2D)) for both
 * halves of concat; b truncated normal σ √(2/(A+D)); h = 1 (truncation at 2σ, as TensorFlow's).
 *
 * <p>Where this departs from the paper or the reference TensorFlow code
 * (AaronHeee/Neural-Attentive-Item-Similarity-Model), within the block (the training procedure's
 * departures, epoch selection on validation and no default history clip, are in the README):
 * <ul>
 *   <li>the smoothed softmax subtracts β·logsumexp before exponentiating; the reference
 *       exponentiates f directly and overflows for large f (same values otherwise);</li>
 *   <li>a positive's own item is masked out of its history (the reference removes it and pads),
 *       and padding is masked the same way, so neither gets weight or gradient;</li>
 *   <li>concat keeps W as its two halves W_p, W_q (the same function, computed per item
 *       instead of per pair); its penalty is ‖W_p‖² + ‖W_q‖² = ‖W‖²;</li>
 *   <li>prod computes (p_i ⊙ q_j) W as q_j (diag(p_i) W), the same numbers without a
 *       (B, L, D) tensor of pairs;</li>
 *   <li>β lies in (0, 1], and may be learned as sigmoid(θ), which the reference does not do.</li>
 * </ul>
 */
public final class NaisBlock extends ItemSimilarityBlock {

    /** Name of θ, the parameter of a learned β = sigmoid(θ), shape (1). */
    public static final String BETA_LOGIT = "beta_logit";

    private final Parameter weight;
    private final Parameter targetWeight;
    private final Parameter hiddenBias;
    private final Parameter projection;
    private final Parameter betaLogit;

    /** A NAIS block over {@code numItems} items. */
    public NaisBlock(ItemSimilarityConfig config, int numItems) {
        super(config, numItems);
        int d = config.embeddingSize();
        int a = config.attentionSize();
        boolean concat = config.attention() == ItemSimilarityConfig.Attention.CONCAT;
        // the reference's Glorot-style scales: W over its fan-in + fan-out (2D rows for concat)
        float weightSigma = (float) Math.sqrt(2.0 / (a + (concat ? 2 : 1) * d));
        float biasSigma = (float) Math.sqrt(2.0 / (a + d));
        weight = addParameter(Parameter.builder()
                .setName(concat ? "attention_w_history" : "attention_w")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(d, a))
                .optInitializer(new TruncatedNormalInitializer(weightSigma)).build());
        targetWeight = concat ? addParameter(Parameter.builder().setName("attention_w_target")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(d, a))
                .optInitializer(new TruncatedNormalInitializer(weightSigma)).build()) : null;
        hiddenBias = addParameter(Parameter.builder().setName("attention_b")
                .setType(Parameter.Type.BIAS).optShape(new Shape(a))
                .optInitializer(new TruncatedNormalInitializer(biasSigma)).build());
        projection = addParameter(Parameter.builder().setName("attention_h")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(a, 1))
                .optInitializer(new ConstantInitializer(1f)).build());
        float start = config.beta();
        betaLogit = config.learnBeta() ? addParameter(Parameter.builder().setName(BETA_LOGIT)
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) Math.log(start / (1 - start))))
                .build()) : null;
    }

    /**
     * Sets the attention's output vector h to 0 (in place, without recording a gradient): every
     * f_ij is then 0 and a_ij = n^−β, so the block scores as a FISM of its embeddings and item
     * biases with α = β (exactly the ranking of the FISM it starts from when those biases are 0,
     * as EASE's factors' are) until training moves h. Call it after initialisation.
     */
    public void neutraliseAttention() {
        NDArray h = projection.getArray();
        try (NoGradient off = NoGradient.enter()) {
            h.set(new NDIndex(":"), 0f);
        }
    }

    /**
     * The smoothing exponent β in use: the configured one, or sigmoid(θ) of the current
     * parameters when β is learned.
     */
    public float beta() {
        if (betaLogit == null) {
            return config.beta();
        }
        float theta = betaLogit.getArray().getFloat(0);
        return (float) (1 / (1 + Math.exp(-theta)));
    }

    @Override
    protected NDArray historyWeights(ParameterStore store, NDArray historyVectors,
            NDArray targetVectors, NDArray mask, boolean training) {
        NDArray logits;
        Shape shape = historyVectors.getShape();                              // (B or 1, L, D)
        if (shape.get(0) == 1) {
            logits = sharedLogits(store, historyVectors.squeeze(0), targetVectors, training);
        } else {
            long rows = shape.get(0) * shape.get(1);
            NDArray perRow = targetVectors.expandDims(1).broadcast(shape)
                    .reshape(rows, 1, shape.get(2));                          // (B·L, 1, D)
            logits = pairedLogits(store, historyVectors.reshape(rows, -1), perRow, training)
                    .reshape(shape.get(0), shape.get(1));                     // (B, L)
        }
        return SmoothedSoftmax.apply(logits, mask, beta(store, mask, training));
    }

    @Override
    protected NDArray raggedWeights(ParameterStore store, RaggedHistory histories,
            NDArray targets, NDArray targetVectors, NDArray mask) {
        NDArray logits = targetVectors.getShape().dimension() == 2
                ? sharedLogits(store, histories.vectors(), targetVectors, false).transpose()
                : pairedLogits(store, histories.vectors(), targetVectors, false);  // (T, X)
        return histories.smoothedSoftmax(logits, mask, beta(store, mask, false));
    }

    /**
     * The attention logits f_ij of every history item j against every target i.
     *
     * @param history q_j, (T, D)
     * @param targets p_i, (C, D)
     * @return f, (C, T)
     */
    private NDArray sharedLogits(ParameterStore store, NDArray history, NDArray targets,
            boolean training) {
        Device device = history.getDevice();
        NDArray w = store.getValue(weight, device, training);
        NDArray b = store.getValue(hiddenBias, device, training);
        NDArray h = store.getValue(projection, device, training);
        long t = history.getShape().get(0);
        long c = targets.getShape().get(0);
        if (targetWeight == null) {
            // q_j (diag(p_i) W) + b for all (i, j) as one product
            // [Q, 1] (T, D + 1) x [diag(p_i) W; b]_i (D + 1, C·A): the bias rides the GEMM
            NDManager manager = history.getManager();
            long a = w.getShape().get(1);
            NDArray perTarget = targets.expandDims(2).mul(w)                  // (C, D, A)
                    .transpose(1, 0, 2).reshape(targets.getShape().get(1), -1) // (D, C·A)
                    .concat(manager.ones(new Shape(c, a), w.getDataType(), device).mul(b)
                            .reshape(1, -1), 0);                              // (D + 1, C·A)
            NDArray rows = history.concat(manager.ones(new Shape(t, 1), w.getDataType(),
                    device), 1);                                              // (T, D + 1)
            NDArray hidden = rows.matMul(perTarget).reshape(t, c, a);         // (T, C, A)
            return Activation.relu(hidden).matMul(h).reshape(t, c).transpose(); // (C, T)
        }
        // W_q q_j once per history item, W_p p_i + b once per target; the (C, T, A) sum once
        NDArray wp = store.getValue(targetWeight, device, training);
        NDArray fromTarget = targets.matMul(wp).add(b).expandDims(1);         // (C, 1, A)
        NDArray hidden = history.matMul(w).expandDims(0).add(fromTarget);     // (C, T, A)
        return Activation.relu(hidden).matMul(h).squeeze(2);                  // (C, T)
    }

    /**
     * The attention logits f_ij of each history item j against its own targets i.
     *
     * @param history q_j, (T, D)
     * @param targets p_i, (T, K, D)
     * @return f, (T, K)
     */
    private NDArray pairedLogits(ParameterStore store, NDArray history, NDArray targets,
            boolean training) {
        Device device = history.getDevice();
        NDArray w = store.getValue(weight, device, training);
        NDArray b = store.getValue(hiddenBias, device, training);
        NDArray hidden = targetWeight == null
                ? history.expandDims(1).mul(targets).matMul(w).add(b)          // (T, K, A)
                : targets.matMul(store.getValue(targetWeight, device, training)).add(b)
                        .add(history.matMul(w).expandDims(1));                // (T, K, A)
        return Activation.relu(hidden).matMul(store.getValue(projection, device, training))
                .squeeze(2);                                                  // (T, K)
    }

    /** β as an array of the batch: the configured constant, or sigmoid(θ). */
    private NDArray beta(ParameterStore store, NDArray like, boolean training) {
        if (betaLogit == null) {
            return Scalars.constant(like, config.beta());
        }
        NDArray thetaValue = store.getValue(betaLogit, like.getDevice(), training);
        NDArray theta = like.getManager().ones(new Shape(1), thetaValue.getDataType(),
                like.getDevice()).mul(thetaValue);                            // batch-owned view
        return Activation.sigmoid(theta);
    }

    @Override
    public int pairWidth() {
        return config.attentionSize();
    }

    @Override
    protected Map<String, Float> attentionL2Weights() {
        Map<String, Float> weights = new LinkedHashMap<>();
        weights.put(weight.getName(), config.regAttention());
        if (targetWeight != null) {
            weights.put(targetWeight.getName(), config.regAttention());
        }
        return weights;
    }
}
