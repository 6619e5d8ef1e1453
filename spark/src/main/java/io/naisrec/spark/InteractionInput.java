package io.naisrec.spark;

import io.naisrec.data.DataException;
import io.naisrec.data.DatasetResolver;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.InteractionFormat;
import io.naisrec.data.InteractionLineParser;
import io.naisrec.data.NamedDataset;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Interactions read into Spark as rows of {@link #SCHEMA}: user, item, time (0 when the input
 * has none: then file and line order alone decide), file and seq (the input file and the
 * position in it, which break ties of time: file name, then line) and error (why a row is
 * malformed, {@code null} when it is not). Text lines are read by the command line's rules
 * ({@link InteractionLineParser}, as {@code InteractionReader} reads a file); malformed rows stay
 * in the data, marked, so that they are counted and reported rather than lost or fatal. Blank
 * lines hold no row. With a header, every file's first line must be that header: a line equal to
 * it is dropped, not counted.
 */
final class InteractionInput {

    /** The parsed rows. */
    static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.StringType).add("item", DataTypes.StringType)
            .add("time", DataTypes.LongType).add("file", DataTypes.StringType)
            .add("seq", DataTypes.LongType).add("error", DataTypes.StringType);

    private InteractionInput() {}

    /** Every row of the input, parsed or marked malformed. */
    static Dataset<Row> read(SparkSession spark, JobSettings settings) {
        String format = settings.resolvedFormat();
        if (NamedDataset.byId(settings.input()).isPresent()) {
            return named(spark, settings.input());
        }
        if (format.equals("parquet")) {
            return parquet(spark, settings);
        }
        Dataset<Row> lines = spark.read().text(settings.input())
                .withColumn("file", functions.input_file_name())
                .withColumn("seq", functions.monotonically_increasing_id())
                .filter(new NotBlank());
        List<Row> first = lines.takeAsList(1);
        if (first.isEmpty()) {
            throw new DataException("--input " + settings.input() + ": empty, no interactions");
        }
        String firstLine = withoutByteOrderMark(first.get(0).getString(0));
        InteractionLineParser parser = InteractionLineParser.of(textFormat(settings, format),
                firstLine, first.get(0).getString(1) + ", first line that is not blank");
        return lines.map(new LineParser(settings.header() ? firstLine : null, parser),
                Encoders.row(SCHEMA)).filter(functions.not(
                        functions.col("error").eqNullSafe(LineParser.HEADER)));
    }

    /** The reader's format of text input: the delimiter of {@code format} and the columns. */
    private static InteractionFormat textFormat(JobSettings settings, String format) {
        try {
            return InteractionFormat.builder().optDelimiter(switch (format) {
                case "tsv" -> "\t";
                case "dat" -> "::";
                default -> ",";
            }).optHeader(settings.header()).optUserColumn(settings.userColumn())
                    .optItemColumn(settings.itemColumn()).optTimeColumn(settings.timeColumn())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new DataException("--input " + settings.input() + ": " + e.getMessage(), e);
        }
    }

    private static String withoutByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** A Parquet column by name or by 0-based index. */
    private static int column(String column, List<String> names, String option) {
        int named = names.indexOf(column);
        if (named >= 0) {
            return named;
        }
        try {
            int index = Integer.parseInt(column);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // neither a column name nor an index: the error below says which are known
        }
        throw new DataException(option + " '" + column + "' is neither a 0-based index nor a "
                + "column of " + names);
    }

    private static Dataset<Row> parquet(SparkSession spark, JobSettings settings) {
        Dataset<Row> table = spark.read().parquet(settings.input());
        List<String> names = Arrays.asList(table.columns());
        for (String column : List.of(settings.userColumn(), settings.itemColumn(),
                settings.timeColumn())) {
            if (!column.equals("none") && !names.contains(column) && column.matches("\\d+")
                    && new BigInteger(column).compareTo(BigInteger.valueOf(names.size())) >= 0) {
                throw new DataException(settings.input() + ": column " + column + " is past "
                        + "the last of " + names);
            }
        }
        Column user = table.col(names.get(column(settings.userColumn(), names, "--user-col")))
                .cast(DataTypes.StringType);
        Column item = table.col(names.get(column(settings.itemColumn(), names, "--item-col")))
                .cast(DataTypes.StringType);
        Column seq = functions.monotonically_increasing_id();
        Column time = settings.timeColumn().equals("none") ? functions.lit(0L)
                : functions.expr("try_cast(`" + names.get(column(settings.timeColumn(), names,
                        "--time-col")).replace("`", "``") + "` AS BIGINT)");
        Column error = functions.when(user.isNull().or(functions.trim(user).equalTo("")),
                        functions.lit("no user"))
                .when(item.isNull().or(functions.trim(item).equalTo("")),
                        functions.lit("no item"))
                .when(time.isNull(), functions.lit("no time, or not an integer"));
        return table.select(functions.trim(user).as("user"), functions.trim(item).as("item"),
                time.as("time"), functions.input_file_name().as("file"), seq.as("seq"),
                error.as("error"));
    }

    /**
     * A dataset by name, read on the driver as the command line reads it (the named datasets
     * are small: at most ML-1M's million rows).
     */
    private static Dataset<Row> named(SparkSession spark, String name) {
        InteractionDataset data = DatasetResolver.fromEnvironment(null).resolve(name)
                .interactions();
        List<Row> rows = new ArrayList<>();
        long seq = 0;
        for (int u = 0; u < data.numUsers(); u++) {
            int[] history = data.history(u);
            long[] times = data.historyTimes(u);
            for (int j = 0; j < history.length; j++) {
                rows.add(RowFactory.create(data.users().idOf(u),
                        data.items().idOf(history[j]), times[j], name, seq++, null));
            }
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Keeps the lines that may hold a row: blank lines hold none, as in the reader. */
    private static final class NotBlank implements FilterFunction<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean call(Row line) {
            return !InteractionLineParser.isBlank(line.getString(0));
        }
    }

    /**
     * One text line to a row of {@link #SCHEMA} by the reader's rules ({@link
     * InteractionLineParser}); a line that does not parse says why.
     */
    static final class LineParser implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private static final int SHOWN = 120;
        /** The error of a header line, which is then dropped. */
        static final String HEADER = "header";

        private final String header;
        private final InteractionLineParser parser;

        LineParser(String header, InteractionLineParser parser) {
            this.header = header;
            this.parser = parser;
        }

        @Override
        public Row call(Row line) {
            String text = withoutByteOrderMark(line.getString(0));
            String file = line.getString(1);
            long seq = line.getLong(2);
            if (text.equals(header)) {
                return RowFactory.create(null, null, null, file, seq, HEADER);
            }
            InteractionLineParser.ParsedLine row = parser.parse(text);
            if (row.isMalformed()) {
                String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
                return RowFactory.create(null, null, null, file, seq, row.problem() + ": '"
                        + shown + "'");
            }
            return RowFactory.create(row.user(), row.item(), row.time() == null ? 0L
                    : row.time(), file, seq, null);
        }
    }
}
