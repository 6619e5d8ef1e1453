package io.naisrec.spark;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.data.DataException;
import io.naisrec.runtime.EngineThreads;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.NaisTranslatorFactory;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of one executor JVM: each model folder (with its K and ranking) is loaded once, the
 * first time a task asks for it, and shared by every task of the JVM, each with its own
 * {@code Predictor}; they close when the JVM exits. The engine's threads are set for batch tasks
 * (one per operator: the executor's cores run tasks side by side) before the first load.
 */
final class ExecutorModel {

    private static final Map<String, ZooModel<UserHistory, Recommendations>> MODELS =
            new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values()
                .forEach(ZooModel::close), "nais-executor-models"));
    }

    private ExecutorModel() {}

    /**
     * The model in {@code folder} answering top {@code k} with {@code candidates}.
     *
     * @param onLoad runs once when this JVM loads it (to count loads)
     */
    static ZooModel<UserHistory, Recommendations> get(Path folder, int k, int candidates,
            Runnable onLoad) {
        String key = folder.toAbsolutePath().normalize() + "|" + k + "|" + candidates;
        return MODELS.computeIfAbsent(key, any -> {
            EngineThreads.configure(Workload.BATCH_TASK, 0);
            try {
                ZooModel<UserHistory, Recommendations> model = Criteria.builder()
                        .setTypes(UserHistory.class, Recommendations.class)
                        .optModelPath(folder.toAbsolutePath())
                        .optTranslatorFactory(new NaisTranslatorFactory())
                        .optArgument("topK", k).optArgument("candidates", candidates)
                        .build().loadModel();
                onLoad.run();
                return model;
            } catch (Exception e) {
                throw new DataException(folder + ": cannot load the model (" + e.getMessage()
                        + ")", e);
            }
        });
    }
}
