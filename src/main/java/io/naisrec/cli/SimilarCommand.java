package io.naisrec.cli;

import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.naisrec.data.DataException;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.RecommendationsJson;
import io.naisrec.zoo.SimilarItemsQuery;
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

/** {@code nais similar}: the items most similar to one item under the learned similarity. */
@Command(name = "similar", mixinStandardHelpOptions = true,
        description = "The items most similar to one item under the model's learned item "
                + "similarity p_i · q_j.")
final class SimilarCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A model folder written by 'train'.")
    private Path model;

    @Option(names = "--item", required = true, paramLabel = "ID", description = "An item id.")
    private String item;

    @Option(names = "--k", defaultValue = "10",
            description = "How many items. Default: ${DEFAULT-VALUE}.")
    private int k;

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
        engine.start(Workload.EVALUATION);
        Recommendations similar;
        try (ZooModel<SimilarItemsQuery, Recommendations> zoo = ModelLoading.load(model,
                SimilarItemsQuery.class, Recommendations.class, k);
                Predictor<SimilarItemsQuery, Recommendations> predictor = zoo.newPredictor()) {
            similar = predictor.predict(SimilarItemsQuery.of(item));
        } catch (TranslateException e) {
            throw new DataException("--item: " + RecommendCommand.rootMessage(e), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", model.toString());
            fields.putAll(RecommendationsJson.similarItems(item, similar));
            out.println(Json.line(fields));
        } else {
            out.printf(Locale.ROOT, "Most similar to %s:%n", item);
            for (Recommendations.Item i : similar.items()) {
                out.printf(Locale.ROOT, "%3d. %-8s %-50s similarity %.4f%n", i.rank(), i.id(),
                        RecommendCommand.label(i.name()), i.score());
            }
        }
        out.flush();
        return 0;
    }
}
