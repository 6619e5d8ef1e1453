package io.naisrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * EASE^R's item-item matrix B as a FISM of embedding size D: the best rank-D approximation
 * B ≈ U_D S_D V_Dᵀ gives history embeddings q_j = U_D S_D^½ (row j) and target embeddings p_i =
 * V_D S_D^½ (row i), so that FISM's score Σ_j p_i · q_j (α = 0, no item bias) is the rank-D
 * EASE score Σ_j B_ji. NAIS starts from it as from a pre-trained FISM ({@code train --pretrain
 * ease}).
 *
 * <p>The top D singular triplets are found by randomized SVD (Halko, Martinsson and Tropp,
 * SIAM Review 2011): D + 10 seeded Gaussian directions, 16 power iterations, the items × items
 * products with DJL and the thin QR and SVD of the small factors with EJML; O(items² · D) time.
 * B's singular values decay slowly, so the power iterations matter: with two, the rank-64
 * factors of ml-latest-small's B ranked its test items at full-ranking HR@10 0.061 where the
 * best rank-64 approximation gives 0.075 (docs/RESULTS.md).
 */
public final class EaseFactors {

    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 16;

    private EaseFactors() {}

    /**
     * A FISM block of {@code config}'s embedding size on {@code manager} whose embeddings are the
     * rank-D factors of {@code ease}'s B and whose item biases are 0.
     *
     * @param seed the seed of the random directions
     * @throws IllegalArgumentException when D + 10 exceeds the item count
     */
    public static FismBlock fism(EaseBlock ease, ItemSimilarityConfig config, long seed,
            NDManager manager) {
        int n = ease.numItems();
        int d = config.embeddingSize();
        int k = d + OVERSAMPLING;
        requireFits(d, n);
        FismBlock fism = new FismBlock(config, n);
        fism.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1),
                new Shape(1));
        DMatrixRMaj left;
        DMatrixRMaj right;
        double[] singular;
        try (NDManager scope = manager.newSubManager()) {
            NDArray b = ease.matrix();                                            // (N, N)
            NDArray bt = b.transpose();                                           // a view
            bt.attach(scope);
            DMatrixRMaj basis = orthonormal(gaussian(n, k, seed));
            for (int i = 0; i < POWER_ITERATIONS; i++) {
                basis = orthonormal(product(bt, basis, scope));                     // Bᵀ Y
                basis = orthonormal(product(b, basis, scope));                      // B Bᵀ Y
            }
            DMatrixRMaj projected = product(bt, basis, scope);                      // (N, k)
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(n, k, true, true, true);
            if (!svd.decompose(projected)) {
                throw new IllegalStateException("the SVD of EASE's projection did not converge");
            }
            DMatrixRMaj w = svd.getW(null);
            DMatrixRMaj u = svd.getU(null, false);                                // (N, k): V
            DMatrixRMaj v = svd.getV(null, false);                                // (k, k)
            SingularOps_DDRM.descendingOrder(u, false, w, v, false);
            left = new DMatrixRMaj(n, k);
            CommonOps_DDRM.mult(basis, v, left);                                  // U = Q Ṽ
            right = u;
            singular = new double[k];
            for (int i = 0; i < k; i++) {
                singular[i] = w.get(i, i);
            }
        }
        set(fism, ItemSimilarityBlock.HISTORY_EMBEDDING, scaled(left, singular, d), n);
        set(fism, ItemSimilarityBlock.TARGET_EMBEDDING, scaled(right, singular, d), n);
        return fism;
    }

    /**
     * Refuses an embedding size {@code d} that a catalogue of {@code n} items cannot factorise
     * into (d + 10 random directions).
     *
     * @throws IllegalArgumentException naming both
     */
    public static void requireFits(int d, int n) {
        if (d + OVERSAMPLING > n) {
            throw new IllegalArgumentException("an EASE start of embedding size " + d
                    + " needs at least " + (d + OVERSAMPLING) + " items, the data has " + n);
        }
    }

    /** {@code matrix} (N, N) times {@code columns} (N, k), as EJML doubles. */
    private static DMatrixRMaj product(NDArray matrix, DMatrixRMaj columns, NDManager scope) {
        int rows = columns.numRows;
        int cols = columns.numCols;
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) columns.data[i];
        }
        try (NDManager inner = scope.newSubManager()) {
            NDArray result = matrix.matMul(inner.create(values, new Shape(rows, cols)));
            result.attach(inner);
            float[] out = result.toFloatArray();
            DMatrixRMaj product = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < out.length; i++) {
                product.data[i] = out[i];
            }
            return product;
        }
    }

    private static DMatrixRMaj gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    /** The thin Q of {@code m}'s QR decomposition: orthonormal columns spanning m's. */
    private static DMatrixRMaj orthonormal(DMatrixRMaj m) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m.numRows, m.numCols);
        if (!qr.decompose(m.copy())) {
            throw new IllegalStateException("the QR decomposition of EASE's range failed");
        }
        return qr.getQ(null, true);
    }

    /** The first {@code d} columns of {@code factor}, each times √σ, as floats (N × d). */
    private static float[] scaled(DMatrixRMaj factor, double[] singular, int d) {
        int n = factor.numRows;
        float[] out = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                out[r * d + c] = (float) (factor.get(r, c) * Math.sqrt(singular[c]));
            }
        }
        return out;
    }

    /** Sets the first {@code n} rows of a parameter (Q's padding row stays 0). */
    private static void set(FismBlock block, String name, float[] values, int n) {
        NDArray parameter = block.getParameters().get(name).getArray();
        long d = parameter.getShape().get(1);
        try (NoGradient off = NoGradient.enter();
                NDManager scope = parameter.getManager().newSubManager()) {
            parameter.set(new NDIndex("0:" + n), scope.create(values, new Shape(n, d)));
        }
    }
}
