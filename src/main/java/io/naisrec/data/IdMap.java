package io.naisrec.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A vocabulary from external string ids to dense 0-based indices, in order of registration.
 * Like DJL's {@code synset.txt}: index {@code i} is the {@code i}-th id.
 */
public final class IdMap {

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    /** Returns the index of {@code id}, registering it when new. */
    public int add(String id) {
        Integer known = index.get(id);
        if (known != null) {
            return known;
        }
        int next = ids.size();
        index.put(id, next);
        ids.add(id);
        return next;
    }

    /** Returns the index of {@code id}, or -1 when it is unknown. */
    public int indexOf(String id) {
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
}
