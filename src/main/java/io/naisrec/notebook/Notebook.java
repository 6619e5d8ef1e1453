package io.naisrec.notebook;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jupyter notebook (nbformat 4) read as JSON: its code cells' sources, and their outputs to
 * write back. Everything else in the file is kept as it is.
 */
public final class Notebook {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .disableHtmlEscaping().create();

    private final Path file;
    private final JsonObject json;

    private Notebook(Path file, JsonObject json) {
        this.file = file;
        this.json = json;
    }

    /** Reads a notebook; a file that is not one is a one-line {@link DataException}. */
    public static Notebook read(Path file) {
        try {
            JsonElement json = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                    JsonElement.class);
            if (json == null || !json.isJsonObject() || !json.getAsJsonObject().has("cells")) {
                throw new DataException(file + ": not a Jupyter notebook (no cells)");
            }
            return new Notebook(file, json.getAsJsonObject());
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new DataException(file + ": not valid JSON", e);
        }
    }

    /** The notebook's file. */
    public Path file() {
        return file;
    }

    /** The kernel name of the notebook's kernelspec ({@code java} for IJava), or empty. */
    public String kernel() {
        JsonObject metadata = json.getAsJsonObject("metadata");
        if (metadata == null || !metadata.has("kernelspec")) {
            return "";
        }
        JsonElement name = metadata.getAsJsonObject("kernelspec").get("name");
        return name == null ? "" : name.getAsString();
    }

    /** The source of each code cell, in order. */
    public List<String> codeCells() {
        List<String> sources = new ArrayList<>();
        for (JsonObject cell : cells()) {
            if ("code".equals(cell.get("cell_type").getAsString())) {
                sources.add(text(cell.get("source")));
            }
        }
        return sources;
    }

    /** Replaces the outputs of code cell {@code index} (0-based among code cells). */
    public void setOutputs(int index, int executionCount, List<CellOutput> outputs) {
        int seen = 0;
        for (JsonObject cell : cells()) {
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            if (seen++ == index) {
                JsonArray array = new JsonArray();
                outputs.forEach(o -> array.add(o.toJson(executionCount)));
                cell.add("outputs", array);
                cell.addProperty("execution_count", executionCount);
                return;
            }
        }
        throw new IndexOutOfBoundsException("no code cell " + index);
    }

    /** Writes the notebook back to its file (a temporary file, then moved into place). */
    public void write() throws IOException {
        Folders.writeAtomically(file, temp -> Files.writeString(temp, GSON.toJson(json) + "\n",
                StandardCharsets.UTF_8));
    }

    private List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        json.getAsJsonArray("cells").forEach(c -> cells.add(c.getAsJsonObject()));
        return cells;
    }

    private static String text(JsonElement source) {
        if (source == null || source.isJsonNull()) {
            return "";
        }
        if (source instanceof JsonPrimitive p) {
            return p.getAsString();
        }
        StringBuilder text = new StringBuilder();
        source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
        return text.toString();
    }

    /** Splits text into nbformat's list of lines, each but the last ending in a newline. */
    static JsonArray lines(String text) {
        JsonArray array = new JsonArray();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                array.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            array.add(text.substring(start));
        }
        return array;
    }
}
