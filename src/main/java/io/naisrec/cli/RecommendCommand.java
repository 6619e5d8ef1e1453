package io.naisrec.cli;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.naisrec.data.DataException;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.RecommendationsJson;
import io.naisrec.zoo.UserHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code nais recommend}: the top items for a history, optionally with their explanations. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend items for a history of item ids with a trained model, loaded "
                + "through DJL's Criteria; --explain shows what each history item contributes "
                + "to each recommendation's score, its share, and its attention weight.")
final class RecommendCommand implements Callable<Integer> {

    /** History items shown per recommendation in text output. */
    private static final int SHOWN_REASONS = 3;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model folder written by 'train'.")
    private Path model;

    @Option(names = "--history", required = true, split = ",", paramLabel = "ID[,ID...]",
            description = "Item ids the user interacted with, oldest first.")
    private List<String> history;

    @Option(names = "--k", defaultValue = "10",
            description = "How many items. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--candidates", defaultValue = "0", paramLabel = "M",
            description = "Rank in two stages: the model re-ranks the best M items by its "
                    + "first stage (faster on large catalogues). 0 ranks every item "
                    + "exactly. Default: ${DEFAULT-VALUE}.")
    private int candidates;

    @Option(names = "--first-stage", paramLabel = "fism|ease",
            description = "What --candidates shortlists by: FISM-style scores from the model's "
                    + "own embeddings, or the EASE^R first stage its folder carries (train "
                    + "--first-stage ease). Default: the folder's EASE when it has one, else "
                    + "fism.")
    private String firstStage;

    @Option(names = "--explain", description = "Show the history items that contribute most "
            + "to each item's score: contribution, share of the history's contributions, "
            + "attention weight.")
    private boolean explain;

    @Option(names = "--json", description = "Print one JSON line instead of text.")
    private boolean json;

    @Mixin
    private EngineOptions engine;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ModelException {
        if (k <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--k must be positive, got " + k);
        }
        if (candidates < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--candidates must be >= 0, got " + candidates);
        }
        if (firstStage != null && (candidates == 0 || !List.of("fism", "ease")
                .contains(firstStage))) {
            throw new CommandLine.ParameterException(spec.commandLine(), candidates == 0
                    ? "--first-stage needs --candidates" : "--first-stage must be fism or "
                    + "ease, got '" + firstStage + "'");
        }
        engine.start(Workload.EVALUATION);
        Recommendations recs;
        try (ZooModel<UserHistory, Recommendations> zoo = ModelLoading.load(model,
                UserHistory.class, Recommendations.class, k, candidates, explain, firstStage);
                Predictor<UserHistory, Recommendations> predictor = zoo.newPredictor()) {
            recs = predictor.predict(UserHistory.of(history));
        } catch (TranslateException e) {
            throw new DataException("--history: " + rootMessage(e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(toJson(recs)));
        } else {
            out.printf(Locale.ROOT, "Top %d for a history of %d known item(s)%s:%n",
                    recs.items().size(), recs.historyUsed(), recs.unknownItems().isEmpty() ? ""
                            : ", " + recs.unknownItems().size() + " unknown skipped "
                                    + recs.unknownItems());
            for (Recommendations.Item item : recs.items()) {
                out.printf(Locale.ROOT, "%3d. %-8s %-50s score %.4f%n", item.rank(), item.id(),
                        label(item.name()), item.score());
                if (explain) {
                    List<String> reasons = new ArrayList<>();
                    for (var e : item.explanation().subList(0, Math.min(SHOWN_REASONS,
                            item.explanation().size()))) {
                        reasons.add(String.format(Locale.ROOT, "%s %s (%+.3f, %s, weight %.3f)",
                                e.id(), label(e.name()), e.contribution(), share(e.share()),
                                e.weight()));
                    }
                    out.println("       because of: " + String.join("; ", reasons));
                }
            }
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> toJson(Recommendations recs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", model.toString());
        fields.putAll(RecommendationsJson.recommendation(history, recs, explain));
        return fields;
    }

    /** A share as a percentage; {@code -} when the contributions sum to 0. */
    static String share(float share) {
        return Float.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    static String label(String name) {
        return name == null ? "" : name;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message != null ? message : e.getClass().getSimpleName();
    }
}
