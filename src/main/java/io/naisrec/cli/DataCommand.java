package io.naisrec.cli;

import io.naisrec.data.DatasetStatistics;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.data.SyntheticData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais data …}: work with interaction data. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect interaction data.",
        subcommands = {DataCommand.Stats.class, DataCommand.Generate.class})
final class DataCommand implements Runnable {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nais data stats}: users, items, interactions, history lengths, density. */
    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Users, items, interactions, history length mean/median/max, density.")
    static final class Stats implements Callable<Integer> {

        @Mixin
        private DataOptions dataOptions;

        @Option(names = "--json", description = "End with one JSON line.")
        private boolean json;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ResolvedDataset data = dataOptions.resolve();
            DatasetStatistics stats = DatasetStatistics.of(data.interactions());
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "dataset        %s (%s)%n", data.name(), data.origin());
            out.printf(Locale.ROOT, "users          %,d%n", stats.users());
            out.printf(Locale.ROOT, "items          %,d%n", stats.items());
            out.printf(Locale.ROOT, "interactions   %,d%n", stats.interactions());
            out.printf(Locale.ROOT, "history length mean %.2f, median %.1f, min %d, max %d%n",
                    stats.historyMean(), stats.historyMedian(), stats.historyMin(),
                    stats.historyMax());
            out.printf(Locale.ROOT, "density        %.6f%n", stats.density());
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("dataset", data.name());
                fields.put("users", stats.users());
                fields.put("items", stats.items());
                fields.put("interactions", stats.interactions());
                fields.put("history_mean", stats.historyMean());
                fields.put("history_median", stats.historyMedian());
                fields.put("history_min", stats.historyMin());
                fields.put("history_max", stats.historyMax());
                fields.put("density", stats.density());
                out.println(Json.line(fields));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code nais data generate}: a synthetic dataset of a real one's size and shape. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a generated ratings.dat of a real dataset's size and history "
                    + "length distribution, with planted taste structure.")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--like", required = true, paramLabel = "DATASET",
                description = "Whose shape to copy: ml-1m or ml-20m.")
        private String like;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Folder to write ratings.dat into.")
        private Path out;

        @Option(names = "--users", paramLabel = "N",
                description = "How many users (default: the dataset's); interactions scale "
                        + "with them, history lengths keep their distribution.")
        private Integer users;

        @Option(names = "--seed", defaultValue = "42",
                description = "Seed. Default: ${DEFAULT-VALUE}.")
        private long seed;

        @Spec
        private picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            SyntheticData shape = Arguments.valid(spec, () -> users == null
                    ? SyntheticData.like(like) : SyntheticData.like(like).withUsers(users));
            Path file = shape.write(out, seed);
            spec.commandLine().getOut().println("Wrote " + file + " (like " + like + ", "
                    + shape.users() + " users, " + shape.interactions() + " interactions, seed "
                    + seed + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
