package io.naisrec.data;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Rebuilds the NCF/NAIS papers' exact ML-1M split from MovieLens-1M {@code ratings.dat} and the
 * NCF files {@code ml-1m.test.rating} and {@code ml-1m.test.negative}, which ship without their
 * 20 MB training file. NCF numbers users as raw user id − 1 and items in order of first
 * appearance in {@code ratings.dat}; the training set is every interaction but the held-out one.
 *
 * <p>The rebuilt dataset uses the NCF numbering as its indices and keeps the raw MovieLens ids as
 * external ids, so item names can be looked up.
 */
public final class NcfMl1mRebuilder {

    /** The counts of the papers' ML-1M split. */
    public record Counts(int users, int items, int trainInteractions) {
        /** 6,040 users, 3,706 items, 994,169 training interactions. */
        public static final Counts ML_1M = new Counts(6040, 3706, 994_169);
    }

    private NcfMl1mRebuilder() {}

    /**
     * Rebuilds the split.
     *
     * @param ratingsDat MovieLens {@code ratings.dat}
     * @param ncfDir folder holding {@code NAME.test.rating} and {@code NAME.test.negative}
     * @param ncfName the NCF file prefix, {@code ml-1m} for the real files
     * @param expected counts to check, or {@code null} to skip the check
     * @throws DataException when the files disagree or the counts differ
     */
    public static LeaveOneOutSplit rebuild(Path ratingsDat, Path ncfDir, String ncfName,
            Counts expected) {
        TextSource source = TextSource.of(ratingsDat);
        InteractionLog raw = new InteractionReader(InteractionFormat.MOVIELENS_DAT).read(source);
        int numUsers = raw.users().size();
        int numItems = raw.items().size();
        int[] ncfUser = new int[numUsers];
        IdMap users = new IdMap();
        for (int u = 0; u < numUsers; u++) {
            users.add(Integer.toString(u + 1));
        }
        for (int u = 0; u < numUsers; u++) {
            String rawId = raw.users().idOf(u);
            int index = users.indexOf(rawId);
            if (index < 0) {
                throw new DataException(source.name() + ": user ids must run 1.." + numUsers
                        + " without gaps (NCF numbers users as id − 1), found user " + rawId);
            }
            ncfUser[u] = index;
        }
        NcfSplitReader.TestFiles test = NcfSplitReader.readTest(ncfDir, ncfName, numUsers,
                numItems);
        Set<Long> heldOut = new HashSet<>();
        for (int k = 0; k < test.users().length; k++) {
            heldOut.add(key(test.users()[k], test.heldOut()[k], numItems));
        }
        Set<Long> found = new HashSet<>();
        InteractionLog train = new InteractionLog(users, raw.items());
        for (int r = 0; r < raw.size(); r++) {
            int user = ncfUser[raw.user(r)];
            long pair = key(user, raw.item(r), numItems);
            if (heldOut.contains(pair)) {
                found.add(pair);
            } else {
                train.addIndexed(user, raw.item(r), raw.timestamp(r));
            }
        }
        for (int k = 0; k < test.users().length; k++) {
            if (!found.contains(key(test.users()[k], test.heldOut()[k], numItems))) {
                throw new DataException(ncfDir.resolve(ncfName + ".test.rating") + ": held-out ("
                        + test.users()[k] + "," + test.heldOut()[k] + ") is not in " + source.name()
                        + ": the files do not belong together");
            }
        }
        InteractionDataset trainSet = InteractionDataset.of("ml-1m-ncf", train);
        Counts actual = new Counts(numUsers, numItems, trainSet.numInteractions());
        if (expected != null && !expected.equals(actual)) {
            throw new DataException(source.name() + ": rebuilt NCF split has " + actual.users()
                    + " users, " + actual.items() + " items, " + actual.trainInteractions()
                    + " training interactions; expected " + expected.users() + ", "
                    + expected.items() + ", " + expected.trainInteractions());
        }
        return LeaveOneOutSplit.of(trainSet, test.items(numUsers), test.negatives(numUsers));
    }

    private static long key(int user, int item, int numItems) {
        return (long) user * numItems + item;
    }
}
