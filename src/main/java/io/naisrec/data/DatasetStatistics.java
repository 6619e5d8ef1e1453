package io.naisrec.data;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Summary numbers of a dataset, computed with Tablesaw over a per-user table of history lengths.
 *
 * @param users number of users
 * @param items number of items
 * @param interactions distinct (user, item) interactions
 * @param historyMean mean history length
 * @param historyMedian median history length
 * @param historyMax longest history
 * @param historyMin shortest history
 * @param density interactions / (users × items)
 */
public record DatasetStatistics(int users, int items, int interactions, double historyMean,
        double historyMedian, int historyMax, int historyMin, double density) {

    /** Computes the statistics of {@code data}. */
    public static DatasetStatistics of(InteractionDataset data) {
        Table table = historyTable(data);
        IntColumn lengths = table.intColumn("history_length");
        return new DatasetStatistics(data.numUsers(), data.numItems(), data.numInteractions(),
                lengths.mean(), lengths.median(), (int) lengths.max(), (int) lengths.min(),
                data.density());
    }

    /** A Tablesaw table with one row per user: {@code user} (external id), {@code history_length}. */
    public static Table historyTable(InteractionDataset data) {
        int[] lengths = new int[data.numUsers()];
        String[] users = new String[data.numUsers()];
        for (int u = 0; u < lengths.length; u++) {
            lengths[u] = data.historyLength(u);
            users[u] = data.users().idOf(u);
        }
        return Table.create(data.name(),
                tech.tablesaw.api.StringColumn.create("user", users),
                IntColumn.create("history_length", lengths));
    }
}
