package io.naisrec.spark;

import picocli.CommandLine.Option;

/**
 * The options that say where the interactions are and how to read them, shared by the job's
 * command line ({@link BatchRecommendMain}) and the benchmark ({@link ClusterBench}) as a
 * picocli mixin.
 */
final class InputOptions {

    @Option(names = "--input", required = true, paramLabel = "PATH|NAME",
            description = "Interactions: a CSV/TSV/.dat file or folder, Parquet, or a dataset "
                    + "name (ml-latest-small, ml-100k, ...).")
    String input;

    @Option(names = "--format", defaultValue = "auto",
            description = "auto, csv, tsv, dat or parquet. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Text input starts with a header line. Default: ${DEFAULT-VALUE}.")
    boolean header;

    @Option(names = "--user-col", defaultValue = "user", description = "User column: name or "
            + "0-based index. Default: ${DEFAULT-VALUE}.")
    String userColumn;

    @Option(names = "--item-col", defaultValue = "item", description = "Item column: name or "
            + "0-based index. Default: ${DEFAULT-VALUE}.")
    String itemColumn;

    @Option(names = "--time-col", defaultValue = "time", description = "Time column: name, "
            + "0-based index, or none (input order). Default: ${DEFAULT-VALUE}.")
    String timeColumn;

    /**
     * The job's settings with this input; the other arguments are {@link JobSettings}'s, in
     * its order.
     */
    JobSettings settings(String model, String output, int k, int candidates, boolean explain,
            int batchUsers, int partitions, double sample, boolean shipModel,
            boolean overwrite) {
        return new JobSettings(model, input, format, header, userColumn, itemColumn, timeColumn,
                output, k, candidates, explain, batchUsers, partitions, sample, shipModel,
                overwrite);
    }
}
