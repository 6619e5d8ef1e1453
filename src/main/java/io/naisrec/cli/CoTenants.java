package io.naisrec.cli;

import io.naisrec.runtime.BusyLoop;
import io.naisrec.train.EpochRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The other programs of {@code bench --co-tenant}, each a child JVM on this machine: a busy
 * loop on one core, or a second training of the same model on the same data; and the epoch
 * times bench compares.
 */
final class CoTenants {

    /** A training's log line for one epoch, ending in its seconds. */
    private static final Pattern EPOCH = Pattern.compile(" epoch (\\d+)/\\d+: .*, ([0-9.]+) s$");
    private static final long START_TIMEOUT_SECONDS = 600;

    private CoTenants() {}

    /**
     * The median, fastest and slowest of epoch times.
     *
     * @param epochs how many epochs were timed
     */
    record Timing(double median, double min, double max, int epochs) {
        /** The epochs of a run after its first, which pays the warm-up. */
        static Timing afterFirst(List<EpochRecord> records) {
            return of(records.stream().skip(1).mapToDouble(EpochRecord::seconds).toArray());
        }

        static Timing of(double[] seconds) {
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n == 0 ? Double.NaN
                    : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Timing(median, n == 0 ? Double.NaN : sorted[0],
                    n == 0 ? Double.NaN : sorted[n - 1], n);
        }
    }

    /** A child JVM on this JVM's class path running {@code mainClass}, its output in {@code log}. */
    static Process start(Path log, String mainClass, List<String> args) throws IOException {
        return start(log, List.of(), Map.of(), mainClass, args);
    }

    /**
     * As {@link #start(Path, String, List)}, with JVM options and environment variables (each
     * one the environment already sets is left as it is).
     */
    static Process start(Path log, List<String> jvmOptions, Map<String, String> environment,
            String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach(builder.environment()::putIfAbsent);
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The busy loop: one thread that keeps a core busy. */
    static Process busyLoop(Path log) throws IOException {
        return start(log, BusyLoop.class.getName(), List.of());
    }

    /**
     * A second training, started and waited for until its first epoch is done (so that what is
     * timed next runs beside its steady epochs).
     */
    static Process training(Path log, List<String> trainArguments)
            throws IOException, InterruptedException {
        Process child = start(log, NaisCli.class.getName(), trainArguments);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (epochSeconds(log).isEmpty()) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the second training did not complete an epoch: "
                        + tail(log));
            }
            Thread.sleep(200);
        }
        return child;
    }

    /** Stops a child and waits for it. */
    static void stop(Process child) throws InterruptedException {
        child.destroyForcibly().waitFor();
    }

    /** The seconds of every epoch a training's log reports, in order. */
    static List<Double> epochSeconds(Path log) throws IOException {
        List<Double> seconds = new ArrayList<>();
        if (!Files.exists(log)) {
            return seconds;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = EPOCH.matcher(line);
            if (m.find()) {
                seconds.add(Double.parseDouble(m.group(2)));
            }
        }
        return seconds;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
