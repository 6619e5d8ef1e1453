package io.naisrec.data;

import java.util.Arrays;

/**
 * Interactions as read, one row per input line, in file order: user index, item index and
 * timestamp. The vocabularies map the external ids. Rows keep their order because it breaks
 * timestamp ties: of two interactions with the same time, the later line is the later one.
 */
public final class InteractionLog {

    private final IdMap users;
    private final IdMap items;
    private int[] userRows = new int[1024];
    private int[] itemRows = new int[1024];
    private long[] timeRows = new long[1024];
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

    /** Appends one interaction by indices already registered in the vocabularies. */
    public void addIndexed(int user, int item, long timestamp) {
        if (size == userRows.length) {
            int capacity = size * 2;
            userRows = Arrays.copyOf(userRows, capacity);
            itemRows = Arrays.copyOf(itemRows, capacity);
            timeRows = Arrays.copyOf(timeRows, capacity);
        }
        userRows[size] = user;
        itemRows[size] = item;
        timeRows[size] = timestamp;
        size++;
    }

    /** Number of rows. */
    public int size() {
        return size;
    }

    /** User index of row {@code row}. */
    public int user(int row) {
        return userRows[row];
    }

    /** Item index of row {@code row}. */
    public int item(int row) {
        return itemRows[row];
    }

    /** Timestamp of row {@code row}. */
    public long timestamp(int row) {
        return timeRows[row];
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
