package io.naisrec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Item titles shipped beside MovieLens ratings: {@code movies.csv} (ml-latest-small, UTF-8,
 * quoted CSV), {@code u.item} (ml-100k, Latin-1, {@code |}-separated) and {@code movies.dat}
 * (ml-1m, Latin-1, {@code ::}-separated). Names only label output; a malformed line is a
 * {@link DataException} naming the file and line all the same.
 */
public final class ItemNames {

    /** The name files this class reads, in the order they are looked for. */
    public static final List<String> FILES = List.of("movies.csv", "u.item", "movies.dat");

    private ItemNames() {}

    /** The names in the folder that holds {@code ratingsFile}, or none. */
    public static Map<String, String> besides(Path ratingsFile) {
        Path folder = ratingsFile.toAbsolutePath().getParent();
        for (String name : FILES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return read(TextSource.of(file), name);
            }
        }
        return Map.of();
    }

    /** The names of a named file ({@code movies.csv}, {@code u.item} or {@code movies.dat}). */
    public static Map<String, String> read(TextSource source, String fileName) {
        Charset charset = fileName.equals("movies.csv") ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1;
        Map<String, String> names = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(source.open(),
                charset))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || (number == 1 && line.startsWith("movieId,"))) {
                    continue;
                }
                Optional<String[]> fields = switch (fileName) {
                    case "movies.csv" -> csvFields(line);
                    case "u.item" -> Optional.of(line.split("\\|", -1));
                    default -> Optional.of(line.split("::", -1));
                };
                if (fields.isEmpty() || fields.get().length < 2 || fields.get()[0].isBlank()) {
                    throw new DataException(source.name() + ":" + number + ": expected an item "
                            + "id and a title");
                }
                names.put(fields.get()[0].trim(), fields.get()[1].trim());
            }
        } catch (IOException e) {
            throw new DataException(source.name() + ": cannot read: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(names);
    }

    /** RFC 4180 fields of one line; empty when a quote is left open. */
    private static Optional<String[]> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return quoted ? Optional.empty() : Optional.of(fields.toArray(String[]::new));
    }
}
