package io.naisrec.spark;

/**
 * What one batch-recommendation job does, validated at construction.
 *
 * @param model the model folder (on the driver; with {@code shipModel}, sent to every executor)
 * @param input interactions: a CSV/TSV file or folder, a Parquet file or folder, or a dataset
 *     name ({@code ml-latest-small}, {@code ml-100k}, …)
 * @param format {@code csv}, {@code tsv}, {@code dat} ({@code ::}-separated), {@code parquet},
 *     or {@code auto} (by the input's name)
 * @param header whether text input starts with a header naming the columns
 * @param userColumn the user column: a name (with a header or in Parquet) or a 0-based index
 * @param itemColumn the item column, likewise
 * @param timeColumn the time column, likewise, or {@code none}: the input's order is the time
 * @param output the Parquet folder to write: user, rank, item, score (and top_history_item, the
 *     history item with the largest contribution to the score)
 * @param k items per user
 * @param candidates 0 for exact ranking, else the shortlist of two-stage ranking
 * @param explain whether to add the history item that weighed most in each recommendation
 * @param batchUsers users per {@code batchPredict}
 * @param partitions partitions of the histories, 0 for four per core of the application
 * @param sample the share of users to recommend for, [1e-6, 1], chosen by a hash of the user
 *     id
 * @param shipModel whether to send the model folder to the executors with {@code spark.archives}
 * @param overwrite whether an existing output may be replaced
 */
public record JobSettings(String model, String input, String format, boolean header,
        String userColumn, String itemColumn, String timeColumn, String output, int k,
        int candidates, boolean explain, int batchUsers, int partitions, double sample,
        boolean shipModel, boolean overwrite) {

    /** Checks every field; the message names the option. */
    public JobSettings {
        require(model != null && !model.isBlank(), "--model must name a model folder");
        require(input != null && !input.isBlank(), "--input must name interactions");
        require(output != null && !output.isBlank(), "--output must name a folder");
        require(format != null && java.util.Set.of("auto", "csv", "tsv", "dat", "parquet")
                .contains(format), "--format must be auto, csv, tsv, dat or parquet, got "
                + format);
        require(userColumn != null && itemColumn != null && timeColumn != null,
                "--user-col, --item-col and --time-col must be given");
        require(k >= 1, "--k must be positive, got " + k);
        require(candidates >= 0, "--candidates must be >= 0, got " + candidates);
        require(batchUsers >= 1, "--batch-users must be positive, got " + batchUsers);
        require(partitions >= 0, "--partitions must be >= 0, got " + partitions);
        require(sample >= 1e-6 && sample <= 1, "--sample must be in [1e-6, 1], got " + sample);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The text format: the input's format, or the one its name says. */
    String resolvedFormat() {
        if (!format.equals("auto")) {
            return format;
        }
        String name = input.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".parquet") || name.endsWith("/parquet")) {
            return "parquet";
        }
        if (name.endsWith(".tsv") || name.endsWith(".data")) {
            return "tsv";
        }
        if (name.endsWith(".dat")) {
            return "dat";
        }
        return "csv";
    }
}
