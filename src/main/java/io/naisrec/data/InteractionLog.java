package io.naisrec.data;

import java.util.Arrays;

/**
 * Interactions as read, one row per input line, in file order: user index, item index and
 * timestamp. The vocabularies map the external ids. Rows keep their order because it breaks
 * timestamp ties: of two interactions with the same time, the later line is the later one.
 * Rows are kept in blocks of 65,536, so that a growing log never copies what it holds.
 */
public final class InteractionLog {

    private static final int BLOCK_BITS = 16;
    private static final int BLOCK_MASK = (1 << BLOCK_BITS) - 1;

    private final IdMap users;
    private final IdMap items;
    private int[][] userBlocks = new int[8][];
    private int[][] itemBlocks = new int[8][];
    private long[][] timeBlocks = new long[8][];
    private int size;

    /** An empty log with fresh vocabularies. */
    public InteractionLog() {
        this(new IdMap(), new IdMap());
    }

    /** An empty log that registers ids in the given vocabularies (which may be pre-filled). */
    public InteractionLog(IdMap users, IdMap items) {
        this.users = users;
        this.items = items;
    }

    /** Appends one interaction by external ids. */
    public void add(String user, String item, long timestamp) {
        addIndexed(users.add(user), items.add(item), timestamp);
    }

    /** Appends one interaction by plain decimal ids ({@link IdMap#addDecimal(long)}). */
    void addDecimal(long user, long item, long timestamp) {
        addIndexed(users.addDecimal(user), items.addDecimal(item), timestamp);
    }

    /** Appends one interaction by indices already registered in the vocabularies. */
    public void addIndexed(int user, int item, long timestamp) {
        int block = size >>> BLOCK_BITS;
        if (block == userBlocks.length) {
            userBlocks = Arrays.copyOf(userBlocks, block * 2);
            itemBlocks = Arrays.copyOf(itemBlocks, block * 2);
            timeBlocks = Arrays.copyOf(timeBlocks, block * 2);
        }
        if (userBlocks[block] == null) {
            userBlocks[block] = new int[1 << BLOCK_BITS];
            itemBlocks[block] = new int[1 << BLOCK_BITS];
            timeBlocks[block] = new long[1 << BLOCK_BITS];
        }
        int at = size & BLOCK_MASK;
        userBlocks[block][at] = user;
        itemBlocks[block][at] = item;
        timeBlocks[block][at] = timestamp;
        size++;
    }

    /** Number of rows. */
    public int size() {
        return size;
    }

    /** User index of row {@code row}. */
    public int user(int row) {
        return userBlocks[row >>> BLOCK_BITS][row & BLOCK_MASK];
    }

    /** Item index of row {@code row}. */
    public int item(int row) {
        return itemBlocks[row >>> BLOCK_BITS][row & BLOCK_MASK];
    }

    /** Timestamp of row {@code row}. */
    public long timestamp(int row) {
        return timeBlocks[row >>> BLOCK_BITS][row & BLOCK_MASK];
    }

    /** The user vocabulary. */
    public IdMap users() {
        return users;
    }

    /** The item vocabulary. */
    public IdMap items() {
        return items;
    }
}
