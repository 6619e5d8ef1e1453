package io.naisrec.serve;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import io.naisrec.data.Messages;
import io.naisrec.zoo.ModelDirectory;
import io.naisrec.zoo.ServingOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model being served under a name: a bounded queue of accepted requests, and the
 * {@link ModelVersion} (a folder loaded as DJL Serving loads it) whose workers each own a
 * {@link Predictor} and answer up to {@code batchSize} requests per {@code batchPredict},
 * waiting at most {@code maxBatchDelayMs} for a batch to fill. A request waits at most
 * {@code timeoutMs} for its answer; a failure of one batch is retried request by request, so a
 * request that breaks a batch fails alone. {@link #swap} replaces the version while serving:
 * the new folder is loaded and checked beside the old, its workers start on the same queue,
 * and the old workers finish their batch and stop before the old model is closed.
 */
final class ServedModel {

    private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);
    private static final long POLL_MS = 50;

    /** The response header (and {@code Output} property) naming the version that answered. */
    static final String CHECKSUM_HEADER = "X-Nais-Model-Checksum";

    /** Where a model is in its life. */
    enum State { LOADING, READY, FAILED, DRAINING, STOPPED }

    /** A request the model does not take: the HTTP status, why, and the metric's reason. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /** A swap refused because of where the model is in its life (loading, stopping). */
    static final class NotSwappable extends Exception {
        private static final long serialVersionUID = 1L;

        NotSwappable(String message) {
            super(message);
        }
    }

    private record Job(Input input, CompletableFuture<Output> answer, long deadline) {}

    private final String name;
    /** The folder of the version serving, or to load. */
    private volatile Path folder;
    private final ModelDirectory.Description verified;
    private final ServeSettings settings;
    private final ArrayBlockingQueue<Job> queue;
    private final AtomicInteger pending = new AtomicInteger();
    /** Held by one swap at a time. */
    private final Object swapping = new Object();
    private final ScheduledThreadPoolExecutor timer;
    private volatile State state = State.LOADING;
    private volatile String failure;
    private volatile ServingMetrics metrics;
    /** The version answering; set once loaded, replaced by swaps. Written under {@code this}. */
    private volatile ModelVersion current;

    /**
     * @param verified the folder's description if it was verified just before, else
     *     {@code null}: loading verifies it
     */
    ServedModel(String name, Path folder, ModelDirectory.Description verified,
            ServeSettings settings) {
        this.name = name;
        this.folder = folder.toAbsolutePath().normalize();
        this.verified = verified;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queue());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "nais-" + name + "-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    String name() {
        return name;
    }

    Path folder() {
        return folder;
    }

    State state() {
        return state;
    }

    boolean ready() {
        return state == State.READY;
    }

    /** Requests accepted and not yet answered. */
    int pending() {
        return pending.get();
    }

    /**
     * Loads the model (verifying its folder, unless it was verified just before) and starts its
     * workers; a failure leaves it {@link State#FAILED}, and a model stopped while it loaded is
     * closed at once.
     */
    void load(ServingMetrics serverMetrics) {
        this.metrics = serverMetrics;
        ModelVersion loaded;
        try {
            loaded = ModelVersion.load(folder, verified, settings);
        } catch (ModelVersion.LoadFailed e) {
            synchronized (this) {
                failure = e.getMessage();
                if (state == State.LOADING) {
                    state = State.FAILED;
                }
            }
            LOG.error("model '{}' failed to load: {}", name, failure);
            return;
        }
        synchronized (this) {
            if (state != State.LOADING) {
                loaded.awaitWorkersAndClose();
                return;
            }
            current = loaded;
            loaded.startWorkers(name, settings.workers(), this::work);
            state = State.READY;
        }
        LOG.info("model '{}' ready: {} ({} worker(s), batches of up to {}, {} ms delay)",
                name, folder, settings.workers(), settings.batchSize(),
                settings.maxBatchDelayMs());
    }

    /**
     * Replaces the version serving with {@code newFolder}'s, loaded and checked beside it:
     * requests move to the new one at once, those the old one holds are answered by it, and it
     * is closed once its workers have stopped. A folder that does not load changes nothing.
     * One swap runs at a time; a model that failed to load may be swapped to a good folder.
     *
     * @throws ModelVersion.LoadFailed with the one-line reason the folder does not load
     * @throws NotSwappable while the model is loading or the server is stopping
     */
    ModelVersion swap(Path newFolder) throws ModelVersion.LoadFailed, NotSwappable {
        Path target = newFolder.toAbsolutePath().normalize();
        synchronized (swapping) {
            checkSwappable();
            ModelVersion next;
            try {
                next = ModelVersion.load(target, null, settings);
            } catch (ModelVersion.LoadFailed e) {
                metrics.swapped(name, false);
                LOG.warn("model '{}': {} not loaded, the old model serves on: {}", name,
                        target, e.getMessage());
                throw e;
            }
            ModelVersion old;
            synchronized (this) {
                try {
                    checkSwappable();
                } catch (NotSwappable e) {
                    next.awaitWorkersAndClose();
                    throw e;
                }
                old = current;
                next.startWorkers(name, settings.workers(), this::work);
                current = next;
                folder = target;
                failure = null;
                state = State.READY;
            }
            if (old != null) {
                old.retire();
                old.awaitWorkersAndClose();
            }
            metrics.swapped(name, true);
            LOG.info("model '{}' swapped to {} (checksum {})", name, target, next.checksum());
            return next;
        }
    }

    private void checkSwappable() throws NotSwappable {
        State now = state;
        if (now == State.LOADING) {
            throw new NotSwappable("model '" + name + "' is loading; retry when it is ready");
        }
        if (now == State.DRAINING || now == State.STOPPED) {
            throw new NotSwappable("the server is shutting down");
        }
    }

    /**
     * Accepts a request; its answer completes within the deadline, with 503 when it is past.
     *
     * @throws Refused when the model is not ready or its queue is full
     */
    CompletableFuture<Output> submit(Input input) throws Refused {
        pending.incrementAndGet();
        if (state != State.READY) {
            pending.decrementAndGet();
            throw new Refused("not_ready", switch (state) {
                case LOADING -> "model '" + name + "' is loading";
                case FAILED -> "model '" + name + "' failed to load: " + failure;
                default -> "the server is shutting down";
            });
        }
        Job job = new Job(input, new CompletableFuture<>(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs()));
        if (!queue.offer(job)) {
            pending.decrementAndGet();
            throw new Refused("queue_full", "model '" + name + "' has " + settings.queue()
                    + " requests waiting; retry later");
        }
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> expire(job), settings.timeoutMs(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            queue.remove(job);
            pending.decrementAndGet();
            throw new Refused("not_ready", "the server is shutting down");
        }
        job.answer().whenComplete((output, error) -> {
            deadline.cancel(false);
            pending.decrementAndGet();
        });
        return job.answer();
    }

    /** Answers 503 to a job past its deadline, unless it has its answer, and frees its slot. */
    private void expire(Job job) {
        if (job.answer().complete(pastDeadline())) {
            metrics.refused(name, "deadline");
        }
        queue.remove(job);
    }

    private Output pastDeadline() {
        return ServingOutputs.error(503, "no answer within --timeout-ms " + settings.timeoutMs()
                + " ms; retry later");
    }

    /** A worker of {@code version}: answers batches until it is retired or the queue drained. */
    private void work(ModelVersion version) {
        try (Predictor<Input, Output> predictor = version.newPredictor()) {
            List<Job> batch = new ArrayList<>();
            while (!version.retired() && (state != State.STOPPED || !queue.isEmpty())) {
                Job first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long until = System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(settings.maxBatchDelayMs());
                while (batch.size() < settings.batchSize()) {
                    long left = until - System.nanoTime();
                    Job next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                answer(predictor, version, batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(Predictor<Input, Output> predictor, ModelVersion version,
            List<Job> batch) {
        List<Job> live = new ArrayList<>();
        long now = System.nanoTime();
        for (Job job : batch) {
            if (job.answer().isDone()) {
                continue;
            }
            if (now - job.deadline() > 0) {
                expire(job);
            } else {
                live.add(job);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        try {
            List<Output> outputs = predictor.batchPredict(live.stream().map(Job::input)
                    .toList());
            metrics.batch(name, live.size());
            for (int i = 0; i < live.size(); i++) {
                outputs.get(i).addProperty(CHECKSUM_HEADER, version.checksum());
                live.get(i).answer().complete(outputs.get(i));
            }
        } catch (Exception | StackOverflowError e) {
            if (live.size() > 1) {
                for (Job job : live) {
                    answer(predictor, version, List.of(job));
                }
                return;
            }
            LOG.error("model '{}': a request failed: {}", name, Messages.oneLine(e.toString()));
            LOG.debug("model '{}': the failure", name, e);
            live.get(0).answer().complete(ServingOutputs.error(500,
                    "the model failed on this request; see the server log"));
        } catch (Error e) {
            synchronized (this) {
                failure = Messages.oneLine(e.toString());
                state = State.FAILED;
            }
            LOG.error("model '{}' stopped answering: {}", name, failure);
            live.forEach(job -> job.answer().complete(ServingOutputs.error(500,
                    "the model failed; see the server log")));
            throw e;
        }
    }

    /**
     * Stops taking requests and answers every one accepted, waiting at most {@code waitMs}
     * (later ones are answered 503 at their deadline); then lets the workers finish the batch
     * at hand and closes the model.
     */
    void drainAndClose(long waitMs) {
        synchronized (this) {
            if (state == State.READY || state == State.LOADING) {
                state = State.DRAINING;
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (pending.get() > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ModelVersion serving;
        synchronized (this) {
            state = State.STOPPED;
            serving = current;
        }
        if (serving != null) {
            serving.awaitWorkersAndClose();
        }
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(job -> job.answer().complete(ServingOutputs.error(503,
                "the server is shutting down")));
        timer.shutdownNow();
    }

    /** What {@code GET /models/{name}} says of this model. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("modelName", name);
        d.put("modelUrl", folder.toUri().toString());
        d.put("status", state.name());
        ModelVersion serving = current;
        if (serving != null) {
            d.put("checksum", serving.checksum());
            d.put("loadedAt", serving.loadedAt().toString());
        }
        if (failure != null) {
            d.put("failure", failure);
        }
        d.put("workers", settings.workers());
        d.put("batchSize", settings.batchSize());
        d.put("maxBatchDelayMillis", settings.maxBatchDelayMs());
        d.put("queueSize", settings.queue());
        d.put("pending", pending.get());
        d.put("timeoutMillis", settings.timeoutMs());
        return d;
    }
}
