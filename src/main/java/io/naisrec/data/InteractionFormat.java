package io.naisrec.data;

import java.util.Objects;

/**
 * How to read a delimited interaction file: the delimiter, whether a header line names the
 * columns, and which columns hold the user, the item, the timestamp and (optionally, checked only)
 * the rating. Columns are given by 0-based index, or by name when there is a header.
 *
 * @param delimiter the field separator, one or more characters (e.g. {@code "\t"}, {@code "::"})
 * @param header whether the first line names the columns
 * @param userColumn column of the user id
 * @param itemColumn column of the item id
 * @param timeColumn column of the integer timestamp, or {@code null}: then line order is time
 * @param ratingColumn column of a numeric rating to validate, or {@code null}
 * @param numericIds whether ids must be non-negative integers (as in MovieLens and NCF files)
 */
public record InteractionFormat(String delimiter, boolean header, String userColumn,
        String itemColumn, String timeColumn, String ratingColumn, boolean numericIds) {

    /** MovieLens 100K {@code u.data}: tab, no header, user item rating timestamp. */
    public static final InteractionFormat MOVIELENS_TAB =
            new InteractionFormat("\t", false, "0", "1", "3", "2", true);
    /** MovieLens 1M/10M {@code ratings.dat}: {@code ::}, no header. */
    public static final InteractionFormat MOVIELENS_DAT =
            new InteractionFormat("::", false, "0", "1", "3", "2", true);
    /** MovieLens {@code ratings.csv}: comma, header {@code userId,movieId,rating,timestamp}. */
    public static final InteractionFormat MOVIELENS_CSV =
            new InteractionFormat(",", true, "userId", "movieId", "timestamp", "rating", true);
    /** NCF {@code NAME.train.rating}/{@code NAME.test.rating}: tab, 0-based ids. */
    public static final InteractionFormat NCF_RATING = MOVIELENS_TAB;

    /** Validates the format at construction. */
    public InteractionFormat {
        Objects.requireNonNull(delimiter, "delimiter");
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        requireColumn("user", userColumn, header);
        requireColumn("item", itemColumn, header);
        if (timeColumn != null) {
            requireColumn("time", timeColumn, header);
        }
        if (ratingColumn != null) {
            requireColumn("rating", ratingColumn, header);
        }
    }

    private static void requireColumn(String what, String column, boolean header) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException(what + " column must be given");
        }
        if (!header && !isIndex(column)) {
            throw new IllegalArgumentException(what + " column '" + column
                    + "' must be a 0-based index when the file has no header");
        }
    }

    static boolean isIndex(String column) {
        return !column.isEmpty() && column.chars().allMatch(Character::isDigit)
                && column.length() < 6;
    }

    /** A builder for a generic delimited format (comma, header, columns user,item,timestamp). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link InteractionFormat}; {@link #build()} validates. */
    public static final class Builder {
        private String delimiter = ",";
        private boolean header = true;
        private String userColumn = "user";
        private String itemColumn = "item";
        private String timeColumn = "timestamp";

        private Builder() {}

        /** Field separator; {@code "\t"} or the word {@code tab} for a tab. */
        public Builder optDelimiter(String value) {
            this.delimiter = "tab".equalsIgnoreCase(value) ? "\t" : value;
            return this;
        }

        /** Whether the first line is a header. */
        public Builder optHeader(boolean value) {
            this.header = value;
            return this;
        }

        /** User column by name or 0-based index. */
        public Builder optUserColumn(String value) {
            this.userColumn = value;
            return this;
        }

        /** Item column by name or 0-based index. */
        public Builder optItemColumn(String value) {
            this.itemColumn = value;
            return this;
        }

        /** Timestamp column by name or index; {@code null} or {@code none}: line order. */
        public Builder optTimeColumn(String value) {
            this.timeColumn = value == null || "none".equalsIgnoreCase(value) ? null : value;
            return this;
        }

        /** Builds and validates the format; ids may be any non-empty strings. */
        public InteractionFormat build() {
            return new InteractionFormat(delimiter, header, userColumn, itemColumn, timeColumn,
                    null, false);
        }
    }
}
