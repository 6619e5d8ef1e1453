package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.naisrec.data.DatasetResolver;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemKnn;
import io.naisrec.model.ItemPopularity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Baselines on real ml-100k; skipped when {@code $NAIS_DATA_DIR} is unset. */
class RealDataEvaluationTest {

    @Test
    void itemKnnBeatsItemPopOnMovieLens100k() {
        String dir = System.getenv("NAIS_DATA_DIR");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "ml-100k")),
                "NAIS_DATA_DIR/ml-100k is absent: real-data test skipped");
        LeaveOneOutSplit split = new DatasetResolver(Path.of(dir), Path.of(dir, "no-cache"), true,
                null).resolve("ml-100k").split(99, 42);
        LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(10);
        EvaluationResult pop = evaluator.sampled(split, ItemPopularity.fit(split.train()));
        EvaluationResult knn = evaluator.sampled(split, ItemKnn.fit(split.train(), 0));
        assertTrue(pop.hitRatio() > 0.30 && pop.hitRatio() < 0.55, "ItemPop HR@10 " + pop.hitRatio());
        assertTrue(knn.hitRatio() > pop.hitRatio(), "ItemKNN " + knn.hitRatio() + " vs ItemPop "
                + pop.hitRatio());
        assertTrue(knn.ndcg() > pop.ndcg(), "NDCG: ItemKNN " + knn.ndcg() + " vs " + pop.ndcg());
    }
}
