package io.naisrec.zoo;

import io.naisrec.model.ItemSimilarityConfig;
import java.util.Locale;
import java.util.Map;

/** The {@code README.md} of a model folder: what the model is, its data, metrics and use. */
final class ModelCard {

    static final String FILE = "README.md";

    private ModelCard() {}

    static String markdown(String folder, String model, ItemSimilarityConfig config, int numItems,
            Map<String, Object> training) {
        Object dataset = training.getOrDefault("dataset", "unknown");
        Object k = training.getOrDefault("k", 10);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(folder).append("\n\n");
        if (model.equals("ease")) {
            md.append("An EASE^R item-item recommender (Steck, WWW 2019: closed-form weights B ")
                    .append("from the binary training matrix) fitted by nais on `")
                    .append(dataset).append("`.\n\n## Model\n\n| | |\n|---|---|\n")
                    .append(row("model", model)).append(row("items", numItems))
                    .append(row("λ", training.getOrDefault("lambda", "?")))
                    .append(row("neighbours kept per item", training.getOrDefault("neighbours",
                            "?")));
        } else {
            md.append("A ").append(model.toUpperCase(Locale.ROOT))
                    .append(" item-based recommender (Neural Attentive Item Similarity, He et ")
                    .append("al., TKDE 2018; FISM when the model is `fism`) trained by nais on `")
                    .append(dataset).append("`.\n\n")
                    .append("## Model\n\n")
                    .append("| | |\n|---|---|\n")
                    .append(row("model", model))
                    .append(row("items", numItems))
                    .append(row("embedding size", config.embeddingSize()))
                    .append(row("attention size", config.attentionSize()))
                    .append(row("β (smoothing)", config.learnBeta() ? "learned: "
                            + format(training.get("beta")) + " (from " + config.beta() + ")"
                            : config.beta()))
                    .append(row("α (length normaliser)", config.alpha()))
                    .append(row("history kept", config.maxHistory() == 0 ? "all"
                            : "most recent " + config.maxHistory() + " (history, positives and "
                                    + "their negatives, as the reference's ITEM_CLIP)"));
        }
        md.append("\n## Data\n\n")
                .append("Dataset: `").append(dataset).append("`. ")
                .append("SHA-256 of the interaction file: `")
                .append(training.getOrDefault("dataset_sha256", "unknown")).append("`.\n\n")
                .append(licence(String.valueOf(dataset))).append("\n\n")
                .append("## Metrics\n\n")
                .append(metrics(training, k))
                .append("## Intended use\n\n")
                .append("Candidate recall and re-ranking for users described by the items they ")
                .append("interacted with, explained by each history item's contribution to the ")
                .append("score (its attention weight beside it), on the ")
                .append("catalogue it was trained on. Not for items outside its vocabulary ")
                .append("(`items.tsv`); not a measure of anything beyond this dataset's users. ")
                .append("Load it with DJL: `Criteria.builder().setTypes(UserHistory.class, ")
                .append("Recommendations.class).optModelPath(...)` (see the project README).\n\n")
                .append("## How it was made\n\n```\n")
                .append(training.getOrDefault("command", "(not recorded)")).append("\n```\n");
        return md.toString();
    }

    private static String metrics(Map<String, Object> training, Object k) {
        Object selected = training.getOrDefault("selected_on", "test");
        boolean full = "full".equals(training.get("protocol"));
        String protocol = full ? "every item outside the user's training history (full "
                + "ranking, as production ranks)" : "99 sampled items the user never interacted "
                + "with";
        StringBuilder md = new StringBuilder()
                .append("Leave-one-out: each user's latest interaction against ").append(protocol)
                .append(full ? "" : " (seed " + training.getOrDefault("seed", "?") + ")")
                .append(". Epoch ")
                .append(training.getOrDefault("best_epoch", "?")).append(" of ")
                .append(training.getOrDefault("epochs", "?"));
        if (training.get("best_epoch") instanceof Number epoch && epoch.intValue() == 0) {
            md.append(" (epoch 0: the starting point, evaluated before training, which no ")
                    .append("trained epoch beat)");
        }
        if ("validation".equals(selected)) {
            md.append(" was chosen on a validation split: each user's latest training ")
                    .append("interaction, ranked the same way, the model trained on the rest; ")
                    .append("the test items were looked at once, after.");
        } else {
            md.append(" was chosen on these same test users (as the NAIS paper reports), ")
                        .append("which flatters the numbers a little.");
        }
        String recall = full ? " | Recall@50" : "";
        md.append("\n\n| split | users | HR@").append(k).append(" | NDCG@").append(k)
                .append(recall).append(" |\n|---|---|---|---|").append(full ? "---|" : "")
                .append("\n| test | ").append(training.getOrDefault("users", "?")).append(" | ")
                .append(format(training.get("hr@" + k))).append(" | ")
                .append(format(training.get("ndcg@" + k)))
                .append(full ? " | " + format(training.get("recall@50")) : "").append(" |\n");
        if (training.get("validation") instanceof Map<?, ?> validation) {
            md.append("| validation | ").append(validation.get("users")).append(" | ")
                    .append(format(validation.get("hr@" + k))).append(" | ")
                    .append(format(validation.get("ndcg@" + k))).append(full ? " | – |" : " |")
                    .append("\n");
        }
        String evaluate = "java -jar target/nais.jar evaluate --model <this folder> --data "
                + training.getOrDefault("dataset", "?")
                + (String.valueOf(k).equals("10") ? "" : " --k " + k);
        if (training.get("sampled") instanceof Map<?, ?> sampled) {
            md.append("\nBy the sampled protocol (the NAIS paper's: the test item against 99 ")
                    .append("sampled negatives, seed ").append(training.getOrDefault("seed", "?"))
                    .append("), test HR@").append(k).append(' ')
                    .append(format(sampled.get("hr@" + k))).append(", NDCG@").append(k)
                    .append(' ').append(format(sampled.get("ndcg@" + k))).append(".\n\n`")
                    .append(evaluate).append(" --full-ranking` and `").append(evaluate)
                    .append(" --seed ").append(training.getOrDefault("seed", "?"))
                    .append("` reproduce the test numbers.\n\n");
            return md.toString();
        }
        return md.append("\n`").append(evaluate).append("` reproduces the test numbers.\n\n")
                .toString();
    }

    private static String row(String key, Object value) {
        return "| " + key + " | " + value + " |\n";
    }

    private static String format(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
                : String.valueOf(value);
    }

    private static String licence(String dataset) {
        if (dataset.startsWith("ml-")) {
            return "MovieLens data, GroupLens Research, University of Minnesota (F. M. Harper and"
                    + " J. A. Konstan, The MovieLens Datasets: History and Context, ACM TiiS 5(4),"
                    + " 2015). Its terms apply to this model too: research use only, cite the "
                    + "source, no endorsement claims, no commercial use without GroupLens' "
                    + "permission. The item names in `items.tsv` come from the dataset.";
        }
        return "The data's own licence applies; nais does not know it.";
    }
}
