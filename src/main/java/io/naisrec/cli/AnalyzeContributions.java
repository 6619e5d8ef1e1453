package io.naisrec.cli;

import ai.djl.MalformedModelException;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.ContributionSpread;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.ModelDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nais analyze contributions}: how much a model's explanations discriminate between the
 * history items of the test users' recommendations (see {@link ContributionSpread}).
 */
@Command(name = "contributions", mixinStandardHelpOptions = true,
        description = "How much each history item's contribution to the score (and its "
                + "attention weight) differs between the items of a history, over the test "
                + "users' top K recommendations: mean max/min and the top item's share.")
final class AnalyzeContributions implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A trained model folder (from train --out).")
    private Path model;

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--k", defaultValue = "10",
            description = "Recommendations per user. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--json", description = "End with one JSON line.")
    private boolean json;

    @Mixin
    private EngineOptions engine;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws MalformedModelException {
        if (k <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--k must be positive, got " + k);
        }
        engine.start(Workload.EVALUATION);
        ResolvedDataset data = dataOptions.resolve();
        // the test users' training histories only: no evaluation negatives are drawn
        LeaveOneOutSplit split = data.split(0, 0);
        ContributionSpread spread;
        String kind;
        try (ModelDirectory.Loaded loaded = ModelLoading.loadFor(model, split,
                dataOptions.data)) {
            kind = loaded.kind().id();
            spread = ContributionSpread.of(loaded.block(), loaded.model().getNDManager(),
                    split.train(), split.testUsers(), k);
        }
        String name = model.getFileName().toString();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s (%s) on %s: %d recommendations (top %d of the test users "
                + "with >= 2 history items): contributions max/min %.3f (%d with all positive), "
                + "top item's share %.3f; attention weights max/min %.3f%n", name, kind,
                data.name(), spread.recommendations(), k, spread.meanContributionMaxMin(),
                spread.positiveRecommendations(), spread.meanTopShare(),
                spread.meanWeightMaxMin());
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", name);
            fields.put("kind", kind);
            fields.put("dataset", data.name());
            fields.put("k", k);
            fields.put("recommendations", spread.recommendations());
            fields.put("contribution_max_min", spread.meanContributionMaxMin());
            fields.put("all_positive", spread.positiveRecommendations());
            fields.put("top_share", spread.meanTopShare());
            fields.put("weight_max_min", spread.meanWeightMaxMin());
            out.println(Json.line(fields));
        }
        out.flush();
        return 0;
    }
}
