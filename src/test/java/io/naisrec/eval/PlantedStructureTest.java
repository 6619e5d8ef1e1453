package io.naisrec.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionLog;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.ModelKind;
import io.naisrec.train.TrainingResult;
import io.naisrec.train.TrainingRun;
import io.naisrec.train.TrainingSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Planted structure where attention must pick the relevant history item. Items come in
 * {@value #PAIRS} fixed pairs; each user mixes {@value #PAIRS_PER_USER} random complete pairs
 * (their interests) with one lone item, and the user's latest interaction is that lone item's
 * partner. Predicting it needs the one history item that relates to the target, among 2 ×
 * {@value #PAIRS_PER_USER} that do not: NAIS's attention can single it out, while FISM sums every
 * history item with the same weight and, with 16 dimensions for a 300×300 pairing, drowns the
 * signal in cross-talk. Both models get the same budget (no pre-training for NAIS).
 */
class PlantedStructureTest {

    private static final int PAIRS = 150;
    private static final int USERS = 200;
    private static final int PAIRS_PER_USER = 12;

    static LeaveOneOutSplit pairedInterests(long seed) {
        Random random = new Random(seed);
        InteractionLog log = new InteractionLog();
        for (int i = 0; i < 2 * PAIRS; i++) {
            log.items().add("i" + i);
        }
        for (int u = 0; u < USERS; u++) {
            List<Integer> pairs = new ArrayList<>();
            for (int k = 0; k < PAIRS; k++) {
                pairs.add(k);
            }
            Collections.shuffle(pairs, random);
            List<Integer> history = new ArrayList<>();
            for (int k = 0; k < PAIRS_PER_USER; k++) {
                history.add(2 * pairs.get(k));
                history.add(2 * pairs.get(k) + 1);
            }
            int lone = pairs.get(PAIRS_PER_USER);
            int side = random.nextInt(2);
            history.add(2 * lone + side);
            Collections.shuffle(history, random);
            long time = 0;
            for (int item : history) {
                log.add("u" + u, "i" + item, time++);
            }
            log.add("u" + u, "i" + (2 * lone + 1 - side), time);
        }
        return LeaveOneOutSplit.of(InteractionDataset.of("pairs", log), 99, seed);
    }

    @Test
    void naisBeatsFismWhenAttentionMustPickTheRelevantItem() {
        LeaveOneOutSplit split = pairedInterests(1);
        ItemSimilarityConfig config = ItemSimilarityConfig.builder().build();
        TrainingSettings settings = TrainingSettings.builder().optEpochs(15)
                .optLearningRate(0.05f).optBatchSize(64).build();
        try (TrainingResult fism = TrainingRun.builder().setKind(ModelKind.FISM)
                .optConfig(config).optSettings(settings).build().train(split);
                TrainingResult nais = TrainingRun.builder().setKind(ModelKind.NAIS_PROD)
                .optConfig(config).optSettings(settings).build().train(split)) {
            double fismHr = fism.testEvaluation().hitRatio();
            double naisHr = nais.testEvaluation().hitRatio();
            assertTrue(naisHr > fismHr + 0.3, "NAIS HR@10 " + naisHr + " vs FISM " + fismHr);
            assertTrue(nais.testEvaluation().ndcg() > fism.testEvaluation().ndcg() + 0.3,
                    "NDCG@10 " + nais.testEvaluation().ndcg() + " vs "
                            + fism.testEvaluation().ndcg());
        }
    }
}
