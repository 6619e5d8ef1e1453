package io.naisrec.zoo;

import io.naisrec.data.DataException;
import io.naisrec.data.IdMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The items a model knows, in index order: external id and, where the dataset has one, a name.
 * Stored as {@code items.tsv}: a header line {@code id<TAB>name}, then one line per item index
 * (the model's counterpart of DJL's {@code synset.txt}).
 */
public final class ItemVocabulary {

    /** File name inside a model folder. */
    public static final String FILE = "items.tsv";
    private static final String HEADER = "id\tname";

    private final List<String> ids;
    private final List<String> names;
    private final Map<String, Integer> index;

    private ItemVocabulary(List<String> ids, List<String> names) {
        this.ids = List.copyOf(ids);
        this.names = List.copyOf(names);
        this.index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
    }

    /** The items of {@code items}, named from {@code names} where it has them. */
    public static ItemVocabulary of(IdMap items, Map<String, String> names) {
        List<String> named = new ArrayList<>();
        for (String id : items.ids()) {
            named.add(names.getOrDefault(id, "").replaceAll("[\\t\\r\\n]", " "));
        }
        return new ItemVocabulary(items.ids(), named);
    }

    /** Number of items. */
    public int size() {
        return ids.size();
    }

    /** External ids in index order. */
    public List<String> ids() {
        return ids;
    }

    /** The index of an external id, if the model knows it. */
    public Optional<Integer> indexOf(String id) {
        return Optional.ofNullable(index.get(id));
    }

    /** The external id of an index. */
    public String idOf(int i) {
        return ids.get(i);
    }

    /** The name of an index, or {@code null} when the dataset gave none. */
    public String nameOf(int i) {
        String name = names.get(i);
        return name.isEmpty() ? null : name;
    }

    /** Writes {@code items.tsv} at {@code file}. */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>(ids.size() + 1);
        lines.add(HEADER);
        for (int i = 0; i < ids.size(); i++) {
            lines.add(ids.get(i) + "\t" + names.get(i));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads {@code items.tsv}; a malformed file is a one-line {@link DataException}. */
    public static ItemVocabulary read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new DataException(file + ":1: expected the header 'id<TAB>name'");
        }
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            String[] fields = lines.get(n).split("\t", -1);
            if (fields.length != 2 || fields[0].isEmpty()) {
                throw new DataException(file + ":" + (n + 1) + ": expected 'id<TAB>name'");
            }
            if (seen.putIfAbsent(fields[0], n + 1) != null) {
                throw new DataException(file + ":" + (n + 1) + ": item '" + fields[0]
                        + "' repeats line " + seen.get(fields[0]));
            }
            ids.add(fields[0]);
            names.add(fields[1]);
        }
        return new ItemVocabulary(ids, names);
    }
}
