package io.naisrec.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adagrad with dense state, as TensorFlow's {@code AdagradOptimizer} that NAIS was trained with:
 * s ← s + g², w ← w − η g / √s, with the accumulator s starting at {@code initialAccumulator}
 * (1e-8 in the paper's code) instead of an ε in the denominator. Gradients are first rescaled,
 * clipped and given weight decay as in every DJL optimizer, then the gradient 2λw of an L2 term
 * λ‖w‖² for the parameters given one ({@link Builder#optL2(Map)}).
 *
 * <p>DJL's own {@code Adagrad} cannot be used on the PyTorch engine: it requests a row-sparse
 * gradient and an {@code adagradUpdate} the engine does not implement.
 */
public final class DenseAdagrad extends Optimizer {

    private final float learningRate;
    private final float initialAccumulator;
    private final Map<String, Float> l2;
    private final Map<String, Map<Device, NDArray>> accumulators = new ConcurrentHashMap<>();

    private DenseAdagrad(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.initialAccumulator = builder.initialAccumulator;
        this.l2 = Map.copyOf(builder.l2);
    }

    /** A builder with η = 0.01 and an initial accumulator of 1e-8. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        updateCount(parameterId);
        NDArray accumulator = withDefaultState(accumulators, parameterId, weight.getDevice(),
                k -> weight.zerosLike().add(initialAccumulator));
        // every array made here lives in the weight's manager: close each one before returning
        try (NDList temporaries = new NDList()) {
            NDArray g = rescaleGrad == 1f ? grad : keep(temporaries, grad.mul(rescaleGrad));
            if (clipGrad > 0) {
                g = keep(temporaries, g.clip(-clipGrad, clipGrad));
            }
            float decay = getWeightDecay() + 2 * l2.getOrDefault(parameterId, 0f);
            if (decay != 0f) {
                g = keep(temporaries, g.add(keep(temporaries, weight.mul(decay))));
            }
            accumulator.addi(keep(temporaries, g.mul(g)));
            NDArray root = keep(temporaries, accumulator.sqrt());
            weight.subi(keep(temporaries, keep(temporaries, g.mul(learningRate)).div(root)));
            NDArray parameterGradient = keep(temporaries, weight.getGradient());
            parameterGradient.subi(parameterGradient);
        }
    }

    /**
     * Writes the accumulators of {@code parameters} by parameter name (a checkpoint: parameter
     * ids differ from process to process, names do not).
     */
    public void saveState(DataOutputStream out, ParameterList parameters) throws IOException {
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> entry : parameters) {
            Map<Device, NDArray> state = accumulators.get(entry.getValue().getId());
            out.writeUTF(entry.getKey());
            out.writeBoolean(state != null && !state.isEmpty());
            if (state != null && !state.isEmpty()) {
                byte[] bytes = state.values().iterator().next().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /** Restores accumulators written by {@link #saveState} onto the parameters of the same names. */
    public void loadState(DataInputStream in, ParameterList parameters) throws IOException {
        int count = in.readInt();
        for (int k = 0; k < count; k++) {
            String name = in.readUTF();
            if (!in.readBoolean()) {
                continue;
            }
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new IOException("optimizer state for unknown parameter " + name);
            }
            NDArray weight = parameter.getArray();
            NDArray accumulator = weight.getManager().decode(bytes);
            if (!accumulator.getShape().equals(weight.getShape())) {
                throw new IOException("optimizer state for " + name + " has shape "
                        + accumulator.getShape() + ", the parameter " + weight.getShape());
            }
            accumulators.computeIfAbsent(parameter.getId(), id -> new ConcurrentHashMap<>())
                    .put(weight.getDevice(), accumulator);
        }
    }

    private static NDArray keep(NDList temporaries, NDArray array) {
        temporaries.add(array);
        return array;
    }

    /** Builder for {@link DenseAdagrad}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float learningRate = 0.01f;
        private float initialAccumulator = 1e-8f;
        private Map<String, Float> l2 = Map.of();

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Learning rate η &gt; 0. */
        public Builder optLearningRate(float value) {
            learningRate = value;
            return this;
        }

        /** Initial value of the squared-gradient accumulator, &gt; 0. */
        public Builder optInitialAccumulator(float value) {
            initialAccumulator = value;
            return this;
        }

        /**
         * L2 weights λ by parameter id ({@code Parameter.getId()}): the objective's λ‖w‖² adds
         * 2λw to that parameter's gradient. Each λ finite and &gt;= 0.
         */
        public Builder optL2(Map<String, Float> byParameterId) {
            l2 = Map.copyOf(byParameterId);
            return this;
        }

        /** Builds and validates. */
        public DenseAdagrad build() {
            for (float lambda : l2.values()) {
                if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
                    throw new IllegalArgumentException("L2 weights must be finite and >= 0, got "
                            + lambda);
                }
            }
            if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be positive, got "
                        + learningRate);
            }
            if (!(initialAccumulator > 0f)) {
                throw new IllegalArgumentException("initial accumulator must be positive, got "
                        + initialAccumulator);
            }
            return new DenseAdagrad(this);
        }
    }
}
