package io.naisrec.cli;

import ai.djl.MalformedModelException;
import io.naisrec.data.IdMap;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.zoo.ModelDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --new-since DIR}: the metrics again for the users whose held-out item the
 * model in DIR knows and for those whose held-out item is new to it (DIR being a model trained
 * before those items arrived), to see how a model serves the items it has just been told of.
 */
final class NewItemsBreakdown {

    @Option(names = "--new-since", paramLabel = "DIR",
            description = "Also report the metrics of the users whose held-out item this model "
                    + "folder's vocabulary lacks (new items) and of the others (known items).")
    private Path folder;

    /**
     * The metrics of {@code result} split by whether the held-out item of {@code split} is new
     * to the folder, as {@code new_items} and {@code known_items} (users, HR@K, NDCG@K and, when
     * {@code recallAt} is positive, Recall@recallAt), printed to {@code out} too, with the median 1-based rank of the held-out items; empty without
     * {@code --new-since}.
     */
    Map<String, Object> report(EvaluationResult result, LeaveOneOutSplit split, int recallAt,
            PrintWriter out) throws MalformedModelException {
        if (folder == null) {
            return Map.of();
        }
        Set<String> known = new HashSet<>(ModelDirectory.verify(folder).items().ids());
        IdMap items = split.train().items();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (boolean isNew : new boolean[] {true, false}) {
            EvaluationResult part = result.ofUsers(
                    u -> known.contains(items.idOf(split.testItem(u))) != isNew);
            String name = isNew ? "new_items" : "known_items";
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("users", part.numUsers());
            metrics.put("hr@" + result.k(), part.hitRatio());
            metrics.put("ndcg@" + result.k(), part.ndcg());
            if (recallAt > 0) {
                metrics.put("recall@" + recallAt, part.hitRatioAt(recallAt));
            }
            metrics.put("median_rank", medianRank(part));
            fields.put(name, metrics);
            out.printf(Locale.ROOT, "  held-out item %s to %s: %d users, HR@%d %.4f  NDCG@%d "
                    + "%.4f%s  median rank %.1f%n", isNew ? "new" : "known", folder, part.numUsers(), result.k(),
                    part.hitRatio(), result.k(), part.ndcg(), recallAt > 0
                            ? String.format(Locale.ROOT, "  Recall@%d %.4f", recallAt,
                                    part.hitRatioAt(recallAt)) : "", medianRank(part));
        }
        return fields;
    }

    /** The median 1-based rank of the held-out items; NaN without users. */
    private static double medianRank(EvaluationResult result) {
        int[] ranks = result.ranks().clone();
        if (ranks.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(ranks);
        int middle = ranks.length / 2;
        return ranks.length % 2 == 1 ? ranks[middle] + 1.0
                : (ranks[middle - 1] + ranks[middle]) / 2.0 + 1.0;
    }
}
