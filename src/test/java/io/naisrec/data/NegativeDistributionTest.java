package io.naisrec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NegativeDistributionTest {

    private static final int[] COUNTS = {1, 2, 4, 8, 0, 16, 3, 1};

    @Test
    void gammaZeroDrawsExactlyTheReferencesUniformItems() {
        NegativeDistribution uniform = NegativeDistribution.popularity(COUNTS, 0);
        SplittableRandom drawn = new SplittableRandom(7);
        SplittableRandom reference = new SplittableRandom(7);
        for (int n = 0; n < 1000; n++) {
            assertEquals(reference.nextInt(COUNTS.length), uniform.draw(drawn), "draw " + n);
        }
        assertEquals(1.0 / COUNTS.length, uniform.probability(4), 0.0, "count 0 still drawn");
    }

    @Test
    void drawsMatchCountToTheGamma() {
        for (double gamma : new double[] {0.5, 1}) {
            NegativeDistribution distribution = NegativeDistribution.popularity(COUNTS, gamma);
            double total = 0;
            for (int count : COUNTS) {
                total += Math.pow(count, gamma);
            }
            int draws = 200_000;
            long[] seen = new long[COUNTS.length];
            SplittableRandom random = new SplittableRandom(11);
            for (int n = 0; n < draws; n++) {
                seen[distribution.draw(random)]++;
            }
            assertEquals(0, seen[4], "an item nobody interacted with is never drawn");
            double chiSquare = 0;
            for (int item = 0; item < COUNTS.length; item++) {
                if (COUNTS[item] == 0) {
                    continue;
                }
                double p = Math.pow(COUNTS[item], gamma) / total;
                assertEquals(p, distribution.probability(item), 1e-12);
                double expected = draws * p;
                chiSquare += (seen[item] - expected) * (seen[item] - expected) / expected;
            }
            // 6 degrees of freedom: P(χ² > 22.46) = 0.001
            assertTrue(chiSquare < 22.46, "γ " + gamma + ": χ² " + chiSquare);
        }
    }

    @Test
    void aDrawCanEndOnlyWhileADrawableItemIsLeft() {
        NegativeDistribution distribution = NegativeDistribution.popularity(COUNTS, 1);
        assertTrue(distribution.drawsOutside(new int[] {0, 1, 2, 3, 4, 5, 6}));
        assertFalse(distribution.drawsOutside(new int[] {0, 1, 2, 3, 5, 6, 7}),
                "only item 4 is left, and nobody interacted with it");
        assertTrue(NegativeDistribution.uniform(8).drawsOutside(new int[] {0, 1, 2, 3, 5, 6, 7}));
    }

    @Test
    void badExponentsAndCountsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> NegativeDistribution.popularity(COUNTS, -0.5));
        assertThrows(IllegalArgumentException.class,
                () -> NegativeDistribution.popularity(COUNTS, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> NegativeDistribution.popularity(new int[] {0, 0}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> NegativeDistribution.popularity(new int[] {1, -1}, 1));
    }
}
