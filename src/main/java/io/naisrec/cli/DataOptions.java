package io.naisrec.cli;

import com.google.gson.JsonObject;
import io.naisrec.data.DatasetResolver;
import io.naisrec.data.InteractionFormat;
import io.naisrec.data.ResolvedDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --data} option shared by commands, with the columns of a custom delimited file. */
public final class DataOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--data", defaultValue = "ml-latest-small", paramLabel = "D",
            description = "Dataset name (ml-100k, ml-1m, ml-latest-small, ml-1m-ncf), file or "
                    + "folder. Default: ${DEFAULT-VALUE} (embedded).")
    String data;

    @Option(names = "--delimiter", paramLabel = "SEP",
            description = "Custom file: field separator ('tab' for a tab). Default: ','.")
    String delimiter;

    @Option(names = "--header", negatable = true, paramLabel = "BOOL",
            description = "Custom file: whether the first line names the columns. Default: yes.")
    Boolean header;

    @Option(names = "--user-col", paramLabel = "COL",
            description = "Custom file: user column, name or 0-based index. Default: user.")
    String userColumn;

    @Option(names = "--item-col", paramLabel = "COL",
            description = "Custom file: item column, name or 0-based index. Default: item.")
    String itemColumn;

    @Option(names = "--time-col", paramLabel = "COL",
            description = "Custom file: timestamp column, or 'none' for line order. "
                    + "Default: timestamp.")
    String timeColumn;

    /** Resolves the dataset named by the options; a bad column option is a usage error. */
    ResolvedDataset resolve() {
        InteractionFormat format = Arguments.valid(mixee, this::customFormat);
        return DatasetResolver.fromEnvironment(format).resolve(data);
    }

    /** These options as command-line arguments, to give a child process the same data. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--data", data));
        format().forEach((key, value) -> {
            if (value instanceof Boolean b) {
                args.add(b ? "--header" : "--no-header");
            } else {
                args.add("--" + key.replace('_', '-'));
                args.add(value.toString());
            }
        });
        return args;
    }

    /** The custom-file options given, by option name without dashes (for a model's record). */
    Map<String, Object> format() {
        Map<String, Object> given = new LinkedHashMap<>();
        put(given, "delimiter", delimiter);
        put(given, "header", header);
        put(given, "user_col", userColumn);
        put(given, "item_col", itemColumn);
        put(given, "time_col", timeColumn);
        return given;
    }

    /** {@code --data} and the custom-file options given: what a checkpoint records. */
    Map<String, Object> record() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("data", data);
        record.putAll(format());
        return record;
    }

    /** Sets these options to those {@link #record()} wrote (a resumed run's data). */
    void restore(JsonObject record) {
        data = record.get("data").getAsString();
        delimiter = string(record, "delimiter");
        header = record.has("header") ? record.get("header").getAsBoolean() : null;
        userColumn = string(record, "user_col");
        itemColumn = string(record, "item_col");
        timeColumn = string(record, "time_col");
    }

    private static String string(JsonObject record, String key) {
        return record.has(key) ? record.get(key).getAsString() : null;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private InteractionFormat customFormat() {
        if (delimiter == null && header == null && userColumn == null && itemColumn == null
                && timeColumn == null) {
            return null;
        }
        InteractionFormat.Builder builder = InteractionFormat.builder();
        if (delimiter != null) {
            builder.optDelimiter(delimiter);
        }
        if (header != null) {
            builder.optHeader(header);
        }
        if (userColumn != null) {
            builder.optUserColumn(userColumn);
        }
        if (itemColumn != null) {
            builder.optItemColumn(itemColumn);
        }
        if (timeColumn != null) {
            builder.optTimeColumn(timeColumn);
        }
        return builder.build();
    }
}
