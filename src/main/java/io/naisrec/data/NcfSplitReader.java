package io.naisrec.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the NCF leave-one-out files of He et al.: {@code NAME.train.rating},
 * {@code NAME.test.rating} (one held-out item per user) and {@code NAME.test.negative}
 * ({@code (user,item)} then 99 negatives, line for line with test.rating). Ids are 0-based and
 * used as indices directly; the given negatives are kept as they are, even where the original
 * file lists a user's positive among them (ties count against it).
 */
public final class NcfSplitReader {

    /** Ids above this are rejected: NCF ids are dense indices, not arbitrary labels. */
    static final int MAX_ID = 50_000_000;

    private NcfSplitReader() {}

    /** Whether {@code dir} holds the three NCF files for {@code name}. */
    public static boolean present(Path dir, String name) {
        return dir.resolve(name + ".train.rating").toFile().isFile()
                && dir.resolve(name + ".test.rating").toFile().isFile()
                && dir.resolve(name + ".test.negative").toFile().isFile();
    }

    /** Reads the split {@code dir/NAME.*}; {@code datasetName} names it in reports. */
    public static LeaveOneOutSplit read(Path dir, String name, String datasetName) {
        TextSource trainSource = TextSource.of(dir.resolve(name + ".train.rating"));
        InteractionLog raw = new InteractionReader(InteractionFormat.NCF_RATING).read(trainSource);
        int[] maxIds = new int[2];
        int[][] rows = numericRows(raw, trainSource.name(), maxIds);
        TestFiles test = readTest(dir, name, -1, -1);
        int numUsers = Math.max(maxIds[0], test.maxUser) + 1;
        int numItems = Math.max(maxIds[1], test.maxItem) + 1;
        InteractionLog log = new InteractionLog(numbered(numUsers), numbered(numItems));
        for (int r = 0; r < raw.size(); r++) {
            log.addIndexed(rows[0][r], rows[1][r], raw.timestamp(r));
        }
        InteractionDataset train = InteractionDataset.of(datasetName, log);
        return LeaveOneOutSplit.of(train, test.items(numUsers), test.negatives(numUsers));
    }

    private static int[][] numericRows(InteractionLog raw, String file, int[] maxIds) {
        int[] users = new int[raw.size()];
        int[] items = new int[raw.size()];
        for (int r = 0; r < raw.size(); r++) {
            users[r] = parseId(raw.users().idOf(raw.user(r)), file, "user id");
            items[r] = parseId(raw.items().idOf(raw.item(r)), file, "item id");
            maxIds[0] = Math.max(maxIds[0], users[r]);
            maxIds[1] = Math.max(maxIds[1], items[r]);
        }
        return new int[][] {users, items};
    }

    static IdMap numbered(int size) {
        IdMap map = new IdMap();
        for (int i = 0; i < size; i++) {
            map.add(Integer.toString(i));
        }
        return map;
    }

    private static int parseId(String value, String where, String what) {
        try {
            int id = Integer.parseInt(value);
            if (id >= 0 && id <= MAX_ID) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new DataException(where + ": " + what + " '" + value + "' is not an integer in 0.."
                + MAX_ID);
    }

    /** The held-out pairs and their negatives, as read from the two test files. */
    record TestFiles(int[] users, int[] heldOut, int[][] negatives, int maxUser, int maxItem) {

        int[] items(int numUsers) {
            int[] out = new int[numUsers];
            Arrays.fill(out, -1);
            for (int k = 0; k < users.length; k++) {
                out[users[k]] = heldOut[k];
            }
            return out;
        }

        int[][] negatives(int numUsers) {
            int[][] out = new int[numUsers][];
            for (int k = 0; k < users.length; k++) {
                out[users[k]] = negatives[k];
            }
            return out;
        }
    }

    /**
     * Reads {@code NAME.test.rating} and {@code NAME.test.negative}. When {@code numUsers} and
     * {@code numItems} are non-negative, ids must fall below them.
     */
    static TestFiles readTest(Path dir, String name, int numUsers, int numItems) {
        TextSource ratingSource = TextSource.of(dir.resolve(name + ".test.rating"));
        TextSource negativeSource = TextSource.of(dir.resolve(name + ".test.negative"));
        InteractionLog log = new InteractionReader(InteractionFormat.NCF_RATING).read(ratingSource);
        int n = log.size();
        int[] users = new int[n];
        int[] heldOut = new int[n];
        int[][] negatives = new int[n][];
        int maxUser = 0;
        int maxItem = 0;
        Set<Integer> seenUsers = new HashSet<>();
        for (int r = 0; r < n; r++) {
            users[r] = parseId(log.users().idOf(log.user(r)), ratingSource.name(), "user id");
            heldOut[r] = parseId(log.items().idOf(log.item(r)), ratingSource.name(), "item id");
            if (!seenUsers.add(users[r])) {
                throw new DataException(ratingSource.name() + ": user " + users[r]
                        + " has more than one test item");
            }
            checkBound(ratingSource.name(), "user", users[r], numUsers);
            checkBound(ratingSource.name(), "item", heldOut[r], numItems);
            maxUser = Math.max(maxUser, users[r]);
            maxItem = Math.max(maxItem, heldOut[r]);
        }
        try (LineReader reader = new LineReader(negativeSource)) {
            int r = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                long lineNo = reader.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                if (r >= n) {
                    throw DataException.at(negativeSource.name(), lineNo,
                            "more lines than " + ratingSource.name() + " has (" + n + ")");
                }
                negatives[r] = parseNegativeLine(negativeSource.name(), lineNo, line, users[r],
                        heldOut[r], numItems);
                for (int item : negatives[r]) {
                    maxItem = Math.max(maxItem, item);
                }
                r++;
            }
            if (r != n) {
                throw new DataException(negativeSource.name() + ": " + r + " lines, but "
                        + ratingSource.name() + " has " + n);
            }
        } catch (IOException e) {
            throw new DataException(negativeSource.name() + ": cannot read: " + e.getMessage(), e);
        }
        return new TestFiles(users, heldOut, negatives, maxUser, maxItem);
    }

    private static int[] parseNegativeLine(String file, long lineNo, String line, int user,
            int item, int numItems) {
        String[] fields = line.trim().split("\t");
        String pair = fields[0];
        int comma = pair.indexOf(',');
        if (!pair.startsWith("(") || !pair.endsWith(")") || comma < 0) {
            throw DataException.at(file, lineNo, "expected '(user,item)' first, found '"
                    + (pair.length() > 40 ? pair.substring(0, 40) : pair) + "'");
        }
        String where = file + ":" + lineNo;
        int u = parseId(pair.substring(1, comma).trim(), where, "user id");
        int i = parseId(pair.substring(comma + 1, pair.length() - 1).trim(), where, "item id");
        if (u != user || i != item) {
            throw DataException.at(file, lineNo, "pair (" + u + "," + i
                    + ") does not match the test.rating line (" + user + "," + item + ")");
        }
        int[] negatives = new int[fields.length - 1];
        for (int k = 1; k < fields.length; k++) {
            negatives[k - 1] = parseId(fields[k].trim(), where, "negative item id");
            checkBound(where, "negative item", negatives[k - 1], numItems);
        }
        return negatives;
    }

    private static void checkBound(String where, String what, int id, int limit) {
        if (limit >= 0 && id >= limit) {
            throw new DataException(where + ": " + what + " " + id + " is outside the "
                    + limit + " known ones");
        }
    }
}
