package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * <p>With {@link NaisConfig#learnBeta()}, β = sigmoid(θ) is trained with the rest (θ is the
 * parameter {@value #BETA_LOGIT}, starting at logit of the configured β), so it stays in (0, 1).
 *
 * <p>For {@code concat}, W = [W_p; W_q] is kept as its two halves, so that W[p_i; q_j] =
 * W_p p_i + W_q q_j is computed once per target and once per history item instead of per pair.
 * Initialisation as the reference code: truncated normal (σ 0.01) for embeddings and W, h = 1,
 * biases 0.
 *
 * <p>Where this departs from the paper or the reference TensorFlow code
 * (AaronHeee/Neural-Attentive-Item-Similarity-Model):
 * <ul>
 *   <li>the smoothed softmax subtracts β·logsumexp before exponentiating; the reference
 *       exponentiates f directly and overflows for large f (same values otherwise);</li>
 *   <li>a positive's own item is masked out of its history (as the reference does by removing
 *       it), and padding is masked the same way, so neither gets weight or gradient;</li>
 *   <li>concat keeps W as its two halves W_p, W_q (the same function, computed per item
 *       instead of per pair); its penalty is ‖W_p‖² + ‖W_q‖² = ‖W‖²;</li>
 *   <li>prod computes (p_i ⊙ q_j) W as q_j (diag(p_i) W), the same numbers without a
 *       (B, L, D) tensor of pairs.</li>
 * </ul>
 */
public final class NaisBlock extends ItemSimilarityBlock {

    /** Name of θ, the parameter of a learned β = sigmoid(θ), shape (1). */
    public static final String BETA_LOGIT = "beta_logit";

    private static final byte VERSION = 1;

    private final Parameter weight;
    private final Parameter targetWeight;
    private final Parameter hiddenBias;
    private final Parameter projection;
    private final Parameter betaLogit;

    /** A NAIS block over {@code numItems} items. */
    public NaisBlock(NaisConfig config, int numItems) {
        super(VERSION, config, numItems);
        int d = config.embeddingSize();
        int a = config.attentionSize();
        boolean concat = config.attention() == NaisConfig.Attention.CONCAT;
        weight = addParameter(Parameter.builder()
                .setName(concat ? "attention_w_history" : "attention_w")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(d, a))
                .optInitializer(new TruncatedNormalInitializer(0.01f)).build());
        targetWeight = concat ? addParameter(Parameter.builder().setName("attention_w_target")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(d, a))
                .optInitializer(new TruncatedNormalInitializer(0.01f)).build()) : null;
        hiddenBias = addParameter(Parameter.builder().setName("attention_b")
                .setType(Parameter.Type.BIAS).optShape(new Shape(a))
                .optInitializer(new ConstantInitializer(0f)).build());
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
        NDArray w = store.getValue(weight, mask.getDevice(), training);
        NDArray b = store.getValue(hiddenBias, mask.getDevice(), training);
        NDArray h = store.getValue(projection, mask.getDevice(), training);
        NDArray logits;
        NDManager batchManager = mask.getManager();
        if (targetWeight == null && historyVectors.getShape().get(0) == 1) {
            // shared history: q_j (diag(p_i) W) + b for all (i, j) as one product
            // [Q_h, 1] (L, D + 1) x [diag(p_i) W; b]_i (D + 1, B·A): the bias rides the GEMM
            Shape shape = historyVectors.getShape();
            long l = shape.get(1);
            long batch = targetVectors.getShape().get(0);
            long a = w.getShape().get(1);
            NDArray perTarget = targetVectors.expandDims(2).mul(w)            // (B, D, A)
                    .transpose(1, 0, 2).reshape(shape.get(2), -1)             // (D, B·A)
                    .concat(batchManager.ones(new Shape(batch, a), w.getDataType(),
                            w.getDevice()).mul(b).reshape(1, -1), 0);          // (D + 1, B·A)
            NDArray history = historyVectors.reshape(l, -1).concat(batchManager.ones(
                    new Shape(l, 1), w.getDataType(), w.getDevice()), 1);     // (L, D + 1)
            NDArray hidden = history.matMul(perTarget).reshape(l, batch, -1); // (L, B, A)
            logits = Activation.relu(hidden).matMul(h).reshape(l, batch)
                    .transpose();                                              // (B, L)
        } else {
            NDArray hidden;
            if (targetWeight == null) {
                // (p_i ⊙ q_j) W = q_j (diag(p_i) W): no (B, L, D) tensor of pairs
                NDArray perTarget = targetVectors.expandDims(2).mul(w);       // (B, D, A)
                hidden = historyVectors.matMul(perTarget).add(b);              // (B, L, A)
            } else {
                // W_q q_j once per history row (once per batch for a shared history); the
                // bias joins the per-target part, so the (B, L, A) sum is formed once
                NDArray wp = store.getValue(targetWeight, mask.getDevice(), training);
                NDArray fromTarget = targetVectors.matMul(wp).add(b).expandDims(1); // (B, 1, A)
                hidden = historyVectors.matMul(w).add(fromTarget);             // (B, L, A)
            }
            logits = Activation.relu(hidden).matMul(h).squeeze(2);            // (B, L)
        }
        if (betaLogit == null) {
            return SmoothedSoftmax.apply(logits, mask, config.beta());
        }
        NDArray thetaValue = store.getValue(betaLogit, mask.getDevice(), training);
        NDArray theta = mask.getManager().ones(new Shape(1), thetaValue.getDataType(),
                mask.getDevice()).mul(thetaValue);                            // batch-owned view
        return SmoothedSoftmax.apply(logits, mask, Activation.sigmoid(theta));
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
