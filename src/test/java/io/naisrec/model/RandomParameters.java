package io.naisrec.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.HashSet;
import java.util.Set;

/**
 * Initialises a block for a test with random parameters of a visible scale (N(0, σ²), larger than
 * the 0.01 initialisation, so that every term of a score matters), drawn in parameter order
 * after seeding the engine: the same block every run. Optionally the history table's padding row
 * and named parameters are 0.
 */
public final class RandomParameters {

    private final int seed;
    private float sigma = 0.5f;
    private DataType type = DataType.FLOAT32;
    private boolean zeroPaddingRow;
    private final Set<String> zeroed = new HashSet<>();

    private RandomParameters(int seed) {
        this.seed = seed;
    }

    /** Parameters drawn after {@code Engine.setRandomSeed(seed)}: σ 0.5, float32. */
    public static RandomParameters seeded(int seed) {
        return new RandomParameters(seed);
    }

    /** The standard deviation of the draws. */
    public RandomParameters sigma(float value) {
        this.sigma = value;
        return this;
    }

    /** The data type of the block. */
    public RandomParameters type(DataType value) {
        this.type = value;
        return this;
    }

    /** Sets the padding row of the {@link ItemSimilarityBlock#HISTORY_EMBEDDING} table to 0. */
    public RandomParameters zeroPaddingRow() {
        this.zeroPaddingRow = true;
        return this;
    }

    /** Sets parameter {@code name} to 0 after its draw (the draws of the others do not change). */
    public RandomParameters zero(String name) {
        zeroed.add(name);
        return this;
    }

    /** Initialises {@code block} for one-item inputs and sets its parameters; returns it. */
    public <B extends ItemSimilarityBlock> B initialize(B block, NDManager m) {
        Engine.getInstance().setRandomSeed(seed);
        block.initialize(m, type, new Shape(1, 1), new Shape(1, 1), new Shape(1));
        for (Parameter p : block.getParameters().values()) {
            NDArray array = p.getArray();
            NDArray random = m.randomNormal(0f, sigma, array.getShape(), type);
            if (zeroPaddingRow && p.getName().equals(ItemSimilarityBlock.HISTORY_EMBEDDING)) {
                random.set(new NDIndex("-1, :"), 0f);
            }
            if (zeroed.contains(p.getName())) {
                random = random.zerosLike();
            }
            array.set(random.toType(type, false).toByteBuffer());
        }
        return block;
    }
}
