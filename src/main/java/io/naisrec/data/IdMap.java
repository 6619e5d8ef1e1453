package io.naisrec.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A vocabulary from external string ids to dense 0-based indices, in order of registration.
 * Like DJL's {@code synset.txt}: index {@code i} is the {@code i}-th id.
 *
 * <p>Ids written as plain decimals ({@code 0}, or up to 18 digits without a leading zero, as in
 * MovieLens) are kept by value in an open-addressing table of primitives, so that a reader can
 * look them up without making a string ({@link #addDecimal(long)}); other ids in a hash map.
 */
public final class IdMap {

    private static final int MAX_DECIMAL_DIGITS = 18;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private long[] decimalKeys = new long[64];
    private int[] decimalIndices = new int[64];
    private int decimals;

    /** An empty vocabulary. */
    public IdMap() {
        Arrays.fill(decimalKeys, -1);
    }

    /** Returns the index of {@code id}, registering it when new. */
    public int add(String id) {
        long decimal = decimalValue(id);
        if (decimal >= 0) {
            return addDecimal(decimal);
        }
        Integer known = index.get(id);
        if (known != null) {
            return known;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    /**
     * Returns the index of the id {@code Long.toString(value)}, registering it when new;
     * {@code value} is not negative.
     */
    int addDecimal(long value) {
        int slot = slot(value);
        if (decimalKeys[slot] == value) {
            return decimalIndices[slot];
        }
        int next = ids.size();
        ids.add(Long.toString(value));
        decimalKeys[slot] = value;
        decimalIndices[slot] = next;
        if (++decimals * 2 > decimalKeys.length) {
            grow();
        }
        return next;
    }

    /** Returns the index of {@code id}, or -1 when it is unknown. */
    public int indexOf(String id) {
        long decimal = decimalValue(id);
        if (decimal >= 0) {
            int slot = slot(decimal);
            return decimalKeys[slot] == decimal ? decimalIndices[slot] : -1;
        }
        Integer known = index.get(id);
        return known == null ? -1 : known;
    }

    /** Returns the external id at {@code index}. */
    public String idOf(int i) {
        return ids.get(i);
    }

    /** Number of registered ids. */
    public int size() {
        return ids.size();
    }

    /** The ids in index order, as an unmodifiable list. */
    public List<String> ids() {
        return List.copyOf(ids);
    }

    /** The value of a plain decimal id (see the class comment), or -1 for any other id. */
    static long decimalValue(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_DECIMAL_DIGITS || (id.charAt(0) == '0' && length > 1)) {
            return -1;
        }
        long value = 0;
        for (int k = 0; k < length; k++) {
            char c = id.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The slot of {@code value}: where it is, or the free one where it would go. */
    private int slot(long value) {
        int mask = decimalKeys.length - 1;
        long mixed = value * 0x9E3779B97F4A7C15L;
        int slot = (int) (mixed ^ (mixed >>> 32)) & mask;
        while (decimalKeys[slot] != value && decimalKeys[slot] != -1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = decimalKeys;
        int[] oldIndices = decimalIndices;
        decimalKeys = new long[oldKeys.length * 2];
        decimalIndices = new int[oldKeys.length * 2];
        Arrays.fill(decimalKeys, -1);
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != -1) {
                int slot = slot(oldKeys[k]);
                decimalKeys[slot] = oldKeys[k];
                decimalIndices[slot] = oldIndices[k];
            }
        }
    }
}
