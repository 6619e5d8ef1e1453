package io.naisrec.cli;

import ai.djl.MalformedModelException;
import io.naisrec.data.Folders;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.AttentionAnalysis;
import io.naisrec.eval.AttentionSpread;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.ModelDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais analyze …}: look inside a trained model. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a trained model.",
        subcommands = {AnalyzeCommand.Attention.class, AnalyzeContributions.class})
final class AnalyzeCommand implements Runnable {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code nais analyze attention}: mean attention weight by position in the history and by
     * the history item's popularity, over the test users.
     */
    @Command(name = "attention", mixinStandardHelpOptions = true,
            description = "Mean attention weight of the test users' history items, by position "
                    + "in the history (1 = most recent) and by popularity: do older items get "
                    + "as much weight as recent ones?")
    static final class Attention implements Callable<Integer> {

        /** The table by position, written to --out. */
        static final String POSITION_CSV = "attention-by-position.csv";
        /** The table by popularity, written to --out. */
        static final String POPULARITY_CSV = "attention-by-popularity.csv";
        /** The chart of both, written to --out. */
        static final String CHART = "attention.png";

        @Option(names = "--model", required = true, paramLabel = "DIR",
                description = "A trained NAIS model folder (from train --out).")
        private Path model;

        @Mixin
        private DataOptions dataOptions;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Also write " + POSITION_CSV + ", " + POPULARITY_CSV + " and "
                        + CHART + " to this folder.")
        private Path out;

        @Option(names = "--json", description = "End with one JSON line.")
        private boolean json;

        @Mixin
        private EngineOptions engine;

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, MalformedModelException {
            if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--out " + out + " exists and is not a folder");
            }
            engine.start(Workload.EVALUATION);
            ResolvedDataset data = dataOptions.resolve();
            // the test items only: no evaluation negatives, so no seed draws any
            LeaveOneOutSplit split = ModelLoading.inModelOrder(model, data.split(0, 0));
            String name;
            AttentionAnalysis.Result result;
            try (ModelDirectory.Loaded loaded = ModelLoading.loadFor(model, split,
                    dataOptions.data)) {
                if (!loaded.kind().isNais()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--model "
                            + model + " is a " + loaded.kind() + " model: attention analysis "
                            + "needs NAIS (FISM weighs every item the same)");
                }
                name = model.getFileName().toString();
                result = AttentionAnalysis.of(loaded.block(), loaded.model().getNDManager(),
                        split);
            }
            PrintWriter text = spec.commandLine().getOut();
            text.printf(Locale.ROOT, "%s on %s: attention of %d test users over %d history "
                    + "items (relative: 1 = the user's average item)%n", name, data.name(),
                    result.users(), result.pairs());
            text.println();
            print(text, "position (1 = most recent)", "position", result.byPosition());
            text.println();
            print(text, "popularity (training interactions of the item, deciles of the pairs)",
                    "interactions", result.byPopularity());
            text.println();
            AttentionAnalysis.Recency recency = result.recency();
            text.printf(Locale.ROOT, "most recent 10%% of histories: relative weight %.4f; "
                    + "oldest 10%%: %.4f; ratio %.3f (%d users with >= 10 items)%n",
                    recency.recentRelativeWeight(), recency.oldestRelativeWeight(),
                    recency.ratio(), recency.users());
            AttentionSpread spread = result.spread();
            text.printf(Locale.ROOT, "spread of a user's weights for the held-out item (%d "
                    + "users): coefficient of variation %.4f, max/min %.3f (%d users), entropy "
                    + "relative to uniform %.4f%n", spread.pairs(),
                    spread.meanCoefficientOfVariation(), spread.meanMaxMinRatio(),
                    spread.ratioPairs(), spread.meanRelativeEntropy());
            if (out != null) {
                Files.createDirectories(out);
                write(out.resolve(POSITION_CSV), AttentionAnalysis.csv(result.byPosition(),
                        "position").getBytes(StandardCharsets.UTF_8));
                write(out.resolve(POPULARITY_CSV), AttentionAnalysis.csv(
                        result.byPopularity(), "interactions").getBytes(StandardCharsets.UTF_8));
                write(out.resolve(CHART), AttentionAnalysis.png(result,
                        name + " on " + data.name()));
                text.println("wrote " + POSITION_CSV + ", " + POPULARITY_CSV + " and " + CHART
                        + " to " + out);
            }
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("model", name);
                fields.put("dataset", data.name());
                fields.put("users", result.users());
                fields.put("pairs", result.pairs());
                fields.put("by_position", rows("position", result.byPosition()));
                fields.put("by_popularity", rows("interactions", result.byPopularity()));
                fields.put("recency_users", recency.users());
                fields.put("recent_relative_weight", recency.recentRelativeWeight());
                fields.put("oldest_relative_weight", recency.oldestRelativeWeight());
                fields.put("recent_to_oldest", recency.ratio());
                fields.put("spread_pairs", spread.pairs());
                fields.put("mean_cv", spread.meanCoefficientOfVariation());
                fields.put("mean_max_min", spread.meanMaxMinRatio());
                fields.put("max_min_pairs", spread.ratioPairs());
                fields.put("mean_relative_entropy", spread.meanRelativeEntropy());
                if (out != null) {
                    fields.put("out", out.toString());
                }
                text.println(Json.line(fields));
            }
            text.flush();
            return 0;
        }

        private static void print(PrintWriter text, String title, String column,
                List<AttentionAnalysis.Bucket> buckets) {
            text.println("by " + title);
            text.printf(Locale.ROOT, "%-14s %10s %14s %10s%n", column, "pairs", "mean weight",
                    "relative");
            for (AttentionAnalysis.Bucket b : buckets) {
                text.printf(Locale.ROOT, "%-14s %10d %14.6g %10.4f%n", b.label(), b.pairs(),
                        b.meanWeight(), b.meanRelativeWeight());
            }
        }

        private static List<Map<String, Object>> rows(String column,
                List<AttentionAnalysis.Bucket> buckets) {
            return buckets.stream().map(b -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put(column, b.label());
                row.put("pairs", b.pairs());
                row.put("mean_weight", b.meanWeight());
                row.put("mean_relative_weight", b.meanRelativeWeight());
                return row;
            }).toList();
        }

        /** Writes {@code bytes} beside {@code file}, then moves them into place. */
        private static void write(Path file, byte[] bytes) throws IOException {
            Folders.writeAtomically(file, temp -> Files.write(temp, bytes));
        }
    }
}
