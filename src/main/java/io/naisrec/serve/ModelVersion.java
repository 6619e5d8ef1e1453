package io.naisrec.serve;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.data.Messages;
import io.naisrec.data.TextSource;
import io.naisrec.zoo.ItemVocabulary;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.NaisBlockFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One loaded folder of a served model: its {@link ZooModel}, the workers that answer from it,
 * and its identity (folder, checksum, when it was loaded). A version is retired when another
 * replaces it: its workers finish the batch in hand and stop, and its model is closed only
 * once every one of them has stopped, so no request ever runs on a closed model.
 */
final class ModelVersion {

    /** The folder did not load, or its model failed the check request. */
    static final class LoadFailed extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path folder;
    private final String checksum;
    private final Instant loadedAt;
    private final ZooModel<Input, Output> model;
    /** Guarded by {@code this}. */
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean retired;

    private ModelVersion(Path folder, String checksum, ZooModel<Input, Output> model) {
        this.folder = folder;
        this.checksum = checksum;
        this.loadedAt = Instant.now();
        this.model = model;
    }

    /**
     * Loads a folder as DJL Serving loads it ({@code Criteria<Input, Output>} by path) and
     * checks it answers: one query (the first item of its vocabulary) must be answered 200.
     *
     * @param verified the folder's description if it was verified just before, else
     *     {@code null}: loading verifies it
     * @throws LoadFailed with a one-line reason; nothing is left open
     */
    static ModelVersion load(Path folder, ModelDirectory.Description verified,
            ServeSettings settings) throws LoadFailed {
        ZooModel<Input, Output> model;
        try {
            Criteria.Builder<Input, Output> criteria = Criteria.builder()
                    .setTypes(Input.class, Output.class).optModelPath(folder)
                    .optArgument("maxTopK", settings.maxTopK());
            if (verified != null) {
                criteria.optArgument("blockFactory", NaisBlockFactory.verified(verified));
            }
            model = criteria.build().loadModel();
        } catch (Exception e) {
            throw new LoadFailed(Messages.oneLine(e), e);
        }
        String checksum;
        try {
            checksum = TextSource.of(folder.resolve(ModelDirectory.METADATA_FILE)).sha256();
            check(folder, model);
        } catch (Exception e) {
            model.close();
            throw new LoadFailed(folder + ": the model does not answer a query ("
                    + Messages.oneLine(e) + ")", e);
        }
        return new ModelVersion(folder, checksum, model);
    }

    /** Runs one query, the folder's first item as a history, through a predictor. */
    private static void check(Path folder, ZooModel<Input, Output> model) throws Exception {
        String first = ItemVocabulary.read(folder.resolve(ItemVocabulary.FILE)).ids().get(0);
        Input input = new Input();
        input.add("data", ModelServer.GSON.toJson(Map.of("history", List.of(first),
                "topK", 1)).getBytes(StandardCharsets.UTF_8));
        try (Predictor<Input, Output> predictor = model.newPredictor()) {
            Output output = predictor.predict(input);
            if (output.getCode() != 200) {
                throw new IllegalStateException("answered " + output.getCode() + ": "
                        + output.getData().getAsString());
            }
        }
    }

    Path folder() {
        return folder;
    }

    /** The SHA-256 of the folder's {@code metadata.json}, which lists every file's SHA-256. */
    String checksum() {
        return checksum;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    /** Whether a newer version has replaced this one: its workers stop after their batch. */
    boolean retired() {
        return retired;
    }

    /** A new predictor of this version's model, for one worker. */
    Predictor<Input, Output> newPredictor() {
        return model.newPredictor();
    }

    /** Starts {@code count} workers, each running {@code loop} with this version. */
    synchronized void startWorkers(String name, int count, Consumer<ModelVersion> loop) {
        for (int w = 0; w < count; w++) {
            Thread worker = new Thread(() -> loop.accept(this), "nais-" + name + "-worker-"
                    + checksum.substring(0, 8) + "-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Marks this version replaced; its workers stop taking requests after their batch. */
    void retire() {
        retired = true;
    }

    /** Waits for every worker to stop (they finish what they hold), then closes the model. */
    void awaitWorkersAndClose() {
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(workers);
        }
        boolean interrupted = false;
        for (Thread worker : started) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        model.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
