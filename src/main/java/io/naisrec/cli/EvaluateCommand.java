package io.naisrec.cli;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.data.ResolvedDataset;
import io.naisrec.eval.EvaluationResult;
import io.naisrec.eval.LeaveOneOutEvaluator;
import io.naisrec.model.BlockScorer;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.FirstStage;
import io.naisrec.model.FismCandidates;
import io.naisrec.model.ItemKnn;
import io.naisrec.model.ItemPopularity;
import io.naisrec.model.ItemScorer;
import io.naisrec.model.TwoStageScorer;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.FirstStageFile;
import io.naisrec.zoo.ModelDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nais evaluate}: leave-one-out HR@K and NDCG@K of a model on a dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model by the NCF leave-one-out protocol: the latest item of "
                + "each user against 99 sampled negatives (or all items with --full-ranking).")
final class EvaluateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);
    /** The cut-off of the Recall@K reported under full ranking. */
    private static final int RECALL_AT = 50;
    /** The seed of the evaluation negatives when neither --seed nor the model gives one. */
    private static final long DEFAULT_SEED = 42;
    /** Users ranked untimed before a timed full ranking. */
    private static final int WARM_UP_USERS = 20;

    @Option(names = "--model", required = true, paramLabel = "M",
            description = "itempop, itemknn, ease (EASE^R, fitted here in closed form), or a "
                    + "trained model folder (from train --out).")
    private String model;

    @Mixin
    private DataOptions dataOptions;

    @Option(names = "--k", defaultValue = "10", description = "Cut-off K. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the evaluation negatives. Default: the seed a model folder "
                    + "was trained with (so that its recorded metrics reproduce), else 42.")
    private Long seedOption;

    @Option(names = "--negatives", defaultValue = "99",
            description = "Sampled negatives per user (NCF files bring their own). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int negatives;

    @Mixin
    private ItemItemOptions itemItem;

    @Option(names = "--full-ranking",
            description = "Rank against every item outside the user's training history.")
    private boolean fullRanking;

    @Option(names = "--candidates", defaultValue = "0", paramLabel = "M",
            description = "With --full-ranking and a trained model, also rank in two stages: "
                    + "the best M items by the first stage (--first-stage), re-ranked by the "
                    + "model; reported beside the exact ranking. 0: exact only.")
    private int candidates;

    @Option(names = "--first-stage", defaultValue = "fism", paramLabel = "fism|ease",
            description = "The first stage of --candidates: FISM-style scores from the model's "
                    + "own embeddings, or EASE^R: the one the model folder carries (train "
                    + "--first-stage ease) unless --lambda or --neighbours is given, else "
                    + "fitted here on the training interactions (--lambda, else chosen on "
                    + "validation). Default: ${DEFAULT-VALUE}.")
    private String firstStage;

    @Option(names = "--json", description = "End with one JSON line.")
    private boolean json;

    @Mixin
    private EngineOptions engine;

    @Mixin
    private NewItemsBreakdown byItemAge;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws MalformedModelException {
        if (k <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--k must be positive, got " + k);
        }
        if (negatives <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--negatives must be positive, got " + negatives);
        }
        String name = model.toLowerCase(Locale.ROOT);
        Path folder = Path.of(model);
        boolean trained = ModelDirectory.isModelDirectory(folder);
        if (!trained && !name.equals("itempop") && !name.equals("itemknn")
                && !name.equals("ease")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model must be "
                    + "itempop, itemknn, ease or a model folder, got '" + model + "'");
        }
        int neighbours = itemItem.neighbours(0);
        if (!firstStage.equals("fism") && !firstStage.equals("ease")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--first-stage must be fism or ease, got '" + firstStage + "'");
        }
        if (candidates < 0 || (candidates > 0 && !(fullRanking && trained))) {
            throw new CommandLine.ParameterException(spec.commandLine(), candidates < 0
                    ? "--candidates must be >= 0, got " + candidates
                    : "--candidates needs --full-ranking and a trained model folder");
        }
        long start = System.nanoTime();
        long seed = seedOption != null ? seedOption
                : trained ? ModelLoading.trainingSeed(folder, DEFAULT_SEED) : DEFAULT_SEED;
        ResolvedDataset data = dataOptions.resolve();
        LOG.info("Seed {}", seed);
        LeaveOneOutSplit split = trained ? ModelLoading.inModelOrder(folder,
                data.split(negatives, seed)) : data.split(negatives, seed);
        LeaveOneOutEvaluator evaluator = new LeaveOneOutEvaluator(k);
        EvaluationResult result;
        Timed twoStage = null;
        double evaluationSeconds;
        Map<String, Object> ease = new LinkedHashMap<>();
        Map<String, Object> easeRecord = new LinkedHashMap<>();
        if (name.equals("ease") && !trained) {
            engine.start(Workload.EVALUATION);
            try (NDManager manager = NDManager.newBaseManager()) {
                Timed exact = evaluate(evaluator, split, new BlockScorer(itemItem.fitEase(split,
                        seed, k, fullRanking, neighbours, manager, ease), manager));
                result = exact.result();
                evaluationSeconds = exact.seconds();
            }
        } else if (trained) {
            engine.start(Workload.EVALUATION);
            name = folder.getFileName().toString();
            try (ModelDirectory.Loaded loaded = ModelLoading.loadFor(folder, split,
                    dataOptions.data)) {
                ItemScorer scorer = new BlockScorer(loaded.block(),
                        loaded.model().getNDManager());
                Timed exact = evaluate(evaluator, split, scorer);
                result = exact.result();
                evaluationSeconds = exact.seconds();
                if (candidates > 0 && firstStage.equals("ease")) {
                    NDManager manager = loaded.model().getNDManager();
                    EaseBlock stored = storedEase(loaded, easeRecord);
                    FirstStage first = new FismCandidates(stored != null ? stored
                            : itemItem.fitEase(split, seed, k, true, neighbours, manager,
                                    easeRecord));
                    twoStage = evaluate(evaluator, split, new TwoStageScorer(loaded.block(),
                            first, manager, candidates));
                } else if (candidates > 0) {
                    twoStage = evaluate(evaluator, split, new TwoStageScorer(loaded.block(),
                            loaded.model().getNDManager(), candidates));
                }
            }
        } else {
            ItemScorer scorer = name.equals("itempop") ? ItemPopularity.fit(split.train())
                    : Arguments.valid(spec, () -> ItemKnn.fit(split.train(), neighbours));
            Timed exact = evaluate(evaluator, split, scorer);
            result = exact.result();
            evaluationSeconds = exact.seconds();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %d test users, %s: HR@%d %.4f  NDCG@%d %.4f%s%n",
                ease.isEmpty() ? name : name + " (lambda " + ease.get("lambda") + ")",
                data.name(), result.numUsers(), describe(data, seed), k, result.hitRatio(), k,
                result.ndcg(), fullRanking ? String.format(Locale.ROOT, "  Recall@%d %.4f  "
                        + "(%.1f users/s)", RECALL_AT, result.hitRatioAt(RECALL_AT),
                        result.numUsers() / evaluationSeconds) : "");
        Map<String, Object> byAge = byItemAge.report(result, split, fullRanking ? RECALL_AT : 0,
                out);
        if (twoStage != null) {
            EvaluationResult two = twoStage.result();
            out.printf(Locale.ROOT, "two-stage, %s first stage, %d candidates: HR@%d %.4f  "
                    + "NDCG@%d %.4f  Recall@%d %.4f  (%.1f users/s): %.1f%% of exact HR@%d, %.1fx faster%n",
                    firstStage, candidates, k, two.hitRatio(), k, two.ndcg(), RECALL_AT,
                    two.hitRatioAt(RECALL_AT), two.numUsers() / twoStage.seconds(),
                    100 * two.hitRatio() / result.hitRatio(), k,
                    evaluationSeconds / twoStage.seconds());
        }
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", name);
            fields.put("dataset", data.name());
            fields.put("users", result.numUsers());
            fields.put("hr@" + k, result.hitRatio());
            fields.put("ndcg@" + k, result.ndcg());
            fields.put("k", k);
            fields.put("protocol", result.protocol());
            if (fullRanking) {
                fields.put("recall@" + RECALL_AT, result.hitRatioAt(RECALL_AT));
                fields.put("users_per_second", result.numUsers() / evaluationSeconds);
            }
            fields.putAll(byAge);
            if (twoStage != null) {
                EvaluationResult two = twoStage.result();
                Map<String, Object> stage = new LinkedHashMap<>();
                stage.put("first_stage", firstStage);
                stage.putAll(easeRecord);
                stage.put("candidates", candidates);
                stage.put("hr@" + k, two.hitRatio());
                stage.put("ndcg@" + k, two.ndcg());
                stage.put("recall@" + RECALL_AT, two.hitRatioAt(RECALL_AT));
                stage.put("users_per_second", two.numUsers() / twoStage.seconds());
                stage.put("hr_kept", two.hitRatio() / result.hitRatio());
                stage.put("speedup", evaluationSeconds / twoStage.seconds());
                fields.put("two_stage", stage);
            }
            if (!fullRanking) {
                fields.put("negatives", data.hasFixedSplit() ? "file"
                        : Integer.toString(negatives));
            }
            fields.put("seed", seed);
            if (name.equals("itemknn")) {
                fields.put("neighbours", neighbours);
            }
            fields.putAll(ease);
            fields.put("seconds", seconds);
            out.println(Json.line(fields));
        }
        out.flush();
        return 0;
    }

    /**
     * The EASE first stage the model folder carries, its λ and neighbours in {@code record};
     * {@code null} when it carries none or --lambda or --neighbours asks for another fit.
     */
    private EaseBlock storedEase(ModelDirectory.Loaded loaded, Map<String, Object> record)
            throws MalformedModelException {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        FirstStageFile.Description stored = loaded.description().firstStage();
        if (stored == null || parsed.hasMatchedOption("--lambda")
                || parsed.hasMatchedOption("--neighbours")) {
            return null;
        }
        record.put("first_stage_from", "model folder");
        record.put("lambda", stored.config().lambda());
        record.put("neighbours", stored.config().neighbours());
        return FirstStageFile.load(loaded.description(), loaded.model().getNDManager());
    }

    /** An evaluation and its wall time. */
    private record Timed(EvaluationResult result, double seconds) {}

    /**
     * Evaluates and times; under full ranking the scorer first ranks a few users untimed, so
     * that neither of two compared scorers pays the JIT's and the thread pool's warm-up.
     */
    private Timed evaluate(LeaveOneOutEvaluator evaluator, LeaveOneOutSplit split,
            ItemScorer scorer) {
        if (fullRanking) {
            int[] users = split.testUsers();
            evaluator.fullRanking(split, scorer, Arrays.copyOf(users,
                    Math.min(WARM_UP_USERS, users.length)));
        }
        long start = System.nanoTime();
        EvaluationResult result = fullRanking ? evaluator.fullRanking(split, scorer)
                : evaluator.sampled(split, scorer);
        return new Timed(result, (System.nanoTime() - start) / 1e9);
    }

    private String describe(ResolvedDataset data, long seed) {
        if (fullRanking) {
            return "full ranking";
        }
        return data.hasFixedSplit() ? "negatives from the NCF file"
                : negatives + " sampled negatives, seed " + seed;
    }
}
