package io.naisrec.spark;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one job did: rows read and malformed (with examples), users found, recommended and
 * left out because none of their items is known to the model (with examples), rows written,
 * how many executor JVMs loaded the model, and the time.
 *
 * @param inputRows rows of the input (header and blank lines not counted)
 * @param malformedRows rows that did not parse
 * @param malformedExamples up to 5 of them, each with its reason
 * @param users users with at least one well-formed row (after {@code --sample})
 * @param recommendedUsers distinct users written to the output
 * @param usersWithoutKnownItems users none of whose items the model knows, not recommended
 * @param withoutKnownExamples up to 5 of their ids
 * @param outputRows rows written
 * @param modelLoads executor JVMs that loaded the model for this job (0 where a JVM already
 *     held it from an earlier job of the same application)
 * @param seconds the job's wall time
 * @param recommendSeconds the time of the stage that recommends and writes
 */
public record JobReport(long inputRows, long malformedRows, List<String> malformedExamples,
        long users, long recommendedUsers, long usersWithoutKnownItems,
        List<String> withoutKnownExamples, long outputRows, long modelLoads, double seconds,
        double recommendSeconds) {

    /** Copies the lists. */
    public JobReport {
        malformedExamples = List.copyOf(malformedExamples);
        withoutKnownExamples = List.copyOf(withoutKnownExamples);
    }

    /** Recommended users per second of the recommending stage. */
    public double usersPerSecond() {
        return recommendedUsers / recommendSeconds;
    }

    /** The report as one JSON object. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("input_rows", inputRows);
        fields.put("malformed_rows", malformedRows);
        fields.put("malformed_examples", malformedExamples);
        fields.put("users", users);
        fields.put("recommended_users", recommendedUsers);
        fields.put("users_without_known_items", usersWithoutKnownItems);
        fields.put("users_without_known_items_examples", withoutKnownExamples);
        fields.put("output_rows", outputRows);
        fields.put("model_loads", modelLoads);
        fields.put("seconds", seconds);
        fields.put("recommend_seconds", recommendSeconds);
        fields.put("users_per_second", usersPerSecond());
        return new GsonBuilder().disableHtmlEscaping().create().toJson(fields);
    }

    /** A few lines for people. */
    public String summary() {
        return String.format(Locale.ROOT, "%d rows read, %d malformed%s%n%d users: %d "
                + "recommended, %d with no item known to the model%s%n%d rows written; model "
                + "loaded by %d executor JVM(s); %.1f s (recommending %.1f s, %.1f users/s)",
                inputRows, malformedRows, malformedExamples.isEmpty() ? ""
                        : " (e.g. " + malformedExamples.get(0) + ")",
                users, recommendedUsers, usersWithoutKnownItems, withoutKnownExamples.isEmpty()
                        ? "" : " (e.g. " + String.join(", ", withoutKnownExamples) + ")",
                outputRows, modelLoads, seconds, recommendSeconds, usersPerSecond());
    }
}
