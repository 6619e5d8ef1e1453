package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a product by a constant must survive the Java side freeing and reusing
 * memory between the forward and the backward pass (DJL's {@code mul(Number)} does not).
 */
class ScalarsTest {

    private static final float FACTOR = 0.37f;

    private static float[] gradientAfterMemoryChurn(BiFunction<NDArray, Float, NDArray> times)
            throws InterruptedException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            List<ByteBuffer> churn = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager batch = manager.newSubManager()) {
                NDArray inBatch = batch.ones(new Shape()).mul(x);
                NDArray loss = times.apply(inBatch, FACTOR).sum();
                for (int round = 0; round < 20; round++) {
                    System.gc();
                    Thread.sleep(5);
                    for (int k = 0; k < 200; k++) {
                        churn.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder())
                                .putFloat(0, 1e6f + k));
                    }
                }
                collector.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /**
     * The control: what {@code mul(Number)} does (a scalar over a Java direct buffer, closed as
     * soon as the product is formed) leaves the backward pass reading that buffer; here the test
     * holds the buffer and overwrites it, so the wrong gradient is certain rather than a matter
     * of when the garbage collector reuses the memory.
     */
    @Test
    void aClosedScalarsMemoryIsStillReadByTheBackwardPass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder())
                    .putFloat(0, FACTOR);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector();
                    NDManager batch = manager.newSubManager()) {
                NDArray inBatch = batch.ones(new Shape()).mul(x);
                NDArray loss;
                try (NDArray scalar = batch.create(buffer, new Shape(), DataType.FLOAT32)) {
                    loss = inBatch.mul(scalar).sum();
                }
                buffer.putFloat(0, 123f);
                collector.backward(loss);
            }
            assertArrayEquals(new float[] {123f, 123f, 123f}, x.getGradient().toFloatArray(),
                    "the gradient is whatever the freed scalar's memory holds at backward time");
        }
    }

    @Test
    void theGradientOfAProductWithAConstantIsTheConstantAfterGarbageCollection() throws Exception {
        for (int run = 0; run < 3; run++) {
            assertArrayEquals(new float[] {FACTOR, FACTOR, FACTOR},
                    gradientAfterMemoryChurn((a, f) -> a.mul(Scalars.constant(a, f))),
                    "run " + run);
        }
    }
}
