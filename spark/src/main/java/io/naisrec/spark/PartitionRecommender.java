package io.naisrec.spark;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.naisrec.runtime.FloatingPointMode;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One task's recommendations: rows of (user, history) in, rows of {@link #schema} out, K per
 * user, best first. The task takes its executor's shared model ({@link ExecutorModel}), opens a
 * {@code Predictor} of its own (closed when the task completes) and answers its users
 * {@code batchUsers} at a time with {@code batchPredict}, lazily: a partition's output is never
 * held whole. Every user must have a known item (the job reports the others apart).
 */
final class PartitionRecommender implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final boolean shipped;
    private final int k;
    private final int candidates;
    private final boolean explain;
    private final int batchUsers;
    private final LongAccumulator loads;

    /**
     * @param settings the job's settings: the model (its folder, or with {@code --ship-model}
     *     the archive among the application's files), K, shortlist, explanations, batch size
     * @param loads counts the executor JVMs that loaded the model
     */
    PartitionRecommender(JobSettings settings, LongAccumulator loads) {
        this.shipped = settings.shipModel();
        this.model = shipped ? BatchRecommendJob.ARCHIVE
                : Path.of(settings.model()).toAbsolutePath().toString();
        this.k = settings.k();
        this.candidates = settings.candidates();
        this.explain = settings.explain();
        this.batchUsers = settings.batchUsers();
        this.loads = loads;
    }

    /**
     * The output rows: user, rank (1 = best), item, score and, explained, top_history_item (the
     * history item that contributes most to the score).
     */
    static StructType schema(boolean explain) {
        StructType schema = new StructType().add("user", DataTypes.StringType, false)
                .add("rank", DataTypes.IntegerType, false)
                .add("item", DataTypes.StringType, false)
                .add("score", DataTypes.FloatType, false);
        return explain ? schema.add("top_history_item", DataTypes.StringType, true) : schema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> users) {
        FloatingPointMode.flushDenormals();
        Predictor<UserHistory, Recommendations> predictor = ExecutorModel.get(folder(), k,
                candidates, () -> loads.add(1)).newPredictor();
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> predictor.close());
        }
        return new Batches(users, predictor);
    }

    /** The output of a partition, one {@code batchPredict} of {@code batchUsers} at a time. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> users;
        private final Predictor<UserHistory, Recommendations> predictor;
        private final List<Row> ready = new ArrayList<>();
        private int next;

        Batches(Iterator<Row> users, Predictor<UserHistory, Recommendations> predictor) {
            this.users = users;
            this.predictor = predictor;
        }

        @Override
        public boolean hasNext() {
            while (next == ready.size() && users.hasNext()) {
                ready.clear();
                next = 0;
                predictBatch();
            }
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.get(next++);
        }

        private void predictBatch() {
            List<String> ids = new ArrayList<>();
            List<UserHistory> histories = new ArrayList<>();
            while (histories.size() < batchUsers && users.hasNext()) {
                Row user = users.next();
                ids.add(user.getString(0));
                histories.add(UserHistory.of(user.<String>getList(1)));
            }
            List<Recommendations> answers;
            try {
                answers = predictor.batchPredict(histories);
            } catch (TranslateException e) {
                throw new IllegalStateException("users " + ids.get(0) + "…: " + e.getMessage(),
                        e);
            }
            for (int u = 0; u < answers.size(); u++) {
                rows(ids.get(u), answers.get(u), ready);
            }
        }
    }

    private void rows(String user, Recommendations answer, List<Row> out) {
        for (Recommendations.Item item : answer.items()) {
            if (explain) {
                String top = item.explanation().isEmpty() ? null
                        : item.explanation().get(0).id();
                out.add(RowFactory.create(user, item.rank(), item.id(), item.score(), top));
            } else {
                out.add(RowFactory.create(user, item.rank(), item.id(), item.score()));
            }
        }
    }

    /** Where the model is in this JVM: its folder, or the shipped archive's unpacked copy. */
    private Path folder() {
        if (!shipped) {
            return Path.of(model);
        }
        Path unpacked = Path.of(SparkFiles.get(model));
        return Files.isDirectory(unpacked) ? unpacked : Path.of(model);
    }
}
