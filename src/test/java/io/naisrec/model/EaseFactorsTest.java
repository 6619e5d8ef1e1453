package io.naisrec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * EASE's rank-D factors as FISM embeddings: Q Pᵀ (history row j, target column i) is the best
 * rank-D approximation of B, checked against a full SVD of B (EJML's, in doubles), and FISM's
 * score of the factors is the rank-D EASE score.
 */
class EaseFactorsTest {

    private static final int ITEMS = 60;

    private static InteractionDataset random() {
        Random random = new Random(7);
        InteractionLog log = new InteractionLog();
        for (int i = 0; i < ITEMS; i++) {
            log.items().add(Integer.toString(i));
        }
        long t = 0;
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < ITEMS; i++) {
                // two tastes: items below 30 and items above, so that B has a strong structure
                double p = (u % 2 == 0) == (i < ITEMS / 2) ? 0.35 : 0.05;
                if (random.nextDouble() < p) {
                    log.add("u" + u, Integer.toString(i), t++);
                }
            }
        }
        return InteractionDataset.of("random", log);
    }

    private static ItemSimilarityConfig config(int d) {
        return ItemSimilarityConfig.builder().optEmbeddingSize(d).build();
    }

    /** Row j, column i: Σ_c q_jc p_ic over the first n rows of Q (its padding row left out). */
    private static DMatrixRMaj product(FismBlock fism) {
        float[] q = fism.getParameters().get(ItemSimilarityBlock.HISTORY_EMBEDDING).getArray()
                .toFloatArray();
        float[] p = fism.getParameters().get(ItemSimilarityBlock.TARGET_EMBEDDING).getArray()
                .toFloatArray();
        int d = fism.config().embeddingSize();
        DMatrixRMaj out = new DMatrixRMaj(ITEMS, ITEMS);
        for (int j = 0; j < ITEMS; j++) {
            for (int i = 0; i < ITEMS; i++) {
                double sum = 0;
                for (int c = 0; c < d; c++) {
                    sum += q[j * d + c] * p[i * d + c];
                }
                out.set(j, i, sum);
            }
        }
        return out;
    }

    /** The best rank-d approximation of {@code b} from its full SVD. */
    private static DMatrixRMaj truncated(DMatrixRMaj b, int d) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(ITEMS, ITEMS, true, true, false);
        svd.decompose(b.copy());
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        for (int i = d; i < ITEMS; i++) {
            w.set(i, i, 0);
        }
        DMatrixRMaj uw = new DMatrixRMaj(ITEMS, ITEMS);
        CommonOps_DDRM.mult(u, w, uw);
        DMatrixRMaj out = new DMatrixRMaj(ITEMS, ITEMS);
        CommonOps_DDRM.multTransB(uw, v, out);
        return out;
    }

    private static double distance(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj difference = new DMatrixRMaj(ITEMS, ITEMS);
        CommonOps_DDRM.subtract(a, b, difference);
        return NormOps_DDRM.normF(difference);
    }

    @Test
    void theFactorsAreEasesBestRankDApproximation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock ease = EaseBlock.fit(random(), new EaseConfig(10f, 0), manager);
            DMatrixRMaj b = new DMatrixRMaj(ITEMS, ITEMS);
            float[] weights = ease.matrix().toFloatArray();
            for (int x = 0; x < weights.length; x++) {
                b.data[x] = weights[x];
            }
            for (int d : new int[] {4, 16}) {
                DMatrixRMaj best = truncated(b, d);
                DMatrixRMaj found = product(EaseFactors.fism(ease, config(d), 3, manager));
                double optimal = distance(b, best);
                assertEquals(optimal, distance(b, found), 0.01 * optimal, "rank " + d
                        + ": ‖B − Q Pᵀ‖ against the truncated SVD's");
                // ‖B − B_D‖ is mostly B's tail, which hides a poor subspace: compare with B_D
                assertEquals(0, distance(best, found), 0.02 * NormOps_DDRM.normF(best),
                        "rank " + d + ": ‖B_D − Q Pᵀ‖ against ‖B_D‖");
            }
        }
    }

    /** FISM's score of the factors is Σ_j (Q Pᵀ)_ji: α = 0 and no item bias. */
    @Test
    void fismScoresTheRankDEaseScoreWithoutBias() {
        InteractionDataset data = random();
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock ease = EaseBlock.fit(data, new EaseConfig(10f, 0), manager);
            FismBlock fism = EaseFactors.fism(ease, config(8), 3, manager);
            DMatrixRMaj factors = product(fism);
            BlockScorer scorer = new BlockScorer(fism, manager);
            int[] history = data.history(0);
            Set<Integer> held = new HashSet<>();
            for (int j : history) {
                held.add(j);
            }
            int[] candidates = IntStream.range(0, ITEMS)
                    .filter(i -> !held.contains(i)).toArray();
            float[] scores = new float[candidates.length];
            scorer.score(history, candidates, scores);
            for (int c = 0; c < candidates.length; c++) {
                double expected = 0;
                for (int j : history) {
                    expected += factors.get(j, candidates[c]);
                }
                assertEquals(expected, scores[c], 1e-5,
                        "candidate " + candidates[c]);
            }
        }
    }

    @Test
    void anEmbeddingTooLargeForTheCatalogueIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            EaseBlock ease = EaseBlock.fit(random(), new EaseConfig(10f, 0), manager);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EaseFactors.fism(ease, config(ITEMS - 5), 3, manager));
            assertEquals("an EASE start of embedding size 55 needs at least 65 items, the data "
                    + "has 60", e.getMessage());
        }
    }
}
