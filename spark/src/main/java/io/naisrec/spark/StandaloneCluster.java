package io.naisrec.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster on 127.0.0.1, for tests and benchmarks without a Spark
 * install: a Master and a Worker, each a child JVM, with a {@code SPARK_HOME} whose {@code jars/}
 * links the given class path (folders of classes packed into jars), from which the Worker
 * launches its executors, so they have the job and its dependencies. {@link #close()} stops
 * both, and the Worker its executors.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final long START_SECONDS = 120;

    private final String masterUrl;
    private final Process master;
    private final Process worker;
    private final Thread orphanGuard;

    private StandaloneCluster(String masterUrl, Process master, Process worker) {
        this.masterUrl = masterUrl;
        this.master = master;
        this.worker = worker;
        this.orphanGuard = new Thread(() -> {
            worker.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly();
            master.destroyForcibly();
        }, "nais-spark-cluster-stop");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /**
     * Starts a Master and a Worker of {@code cores} cores and {@code memoryMb} MiB for
     * executors under {@code dir}.
     *
     * @param classPath the jars and class folders of Spark, nais and the job
     */
    public static StandaloneCluster start(Path dir, int cores, int memoryMb,
            List<String> classPath) throws Exception {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = info", "rootLogger.appenderRef.stdout.ref = console",
                "appender.console.type = Console", "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n", ""));
        int folders = 0;
        for (String entry : classPath) {
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                pack(path, jars.resolve("classes-" + folders++ + ".jar"));
            } else if (path.getFileName().toString().endsWith(".jar")
                    && !Files.exists(jars.resolve(path.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(path.getFileName()), path);
            }
        }
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        Process master = launch(home, dir.resolve("master.log"), List.of(
                "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        Process worker = null;
        try {
            await(dir.resolve("master.log"), "I have been elected leader", master);
            worker = launch(home, dir.resolve("worker.log"), List.of(
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                    Integer.toString(cores), "--memory", memoryMb + "m", "--webui-port",
                    Integer.toString(freePort()), "--work-dir", Files.createDirectories(
                            dir.resolve("work")).toString(), url));
            await(dir.resolve("worker.log"), "Successfully registered with master", worker);
        } catch (Exception e) {
            stop(worker);
            stop(master);
            throw e;
        }
        return new StandaloneCluster(url, master, worker);
    }

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /**
     * A session of this cluster: at most {@code executors} executors of one core and
     * {@code executorMb} MiB, jobs waiting (up to 120 s) until all have registered and not
     * waiting for locality, DJL offline in the executors, the driver on 127.0.0.1 without a web
     * UI.
     */
    public SparkSession.Builder session(int executors, int executorMb) {
        return onLoopback(SparkSession.builder().master(masterUrl))
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", Integer.toString(executors))
                .config("spark.executor.memory", executorMb + "m")
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
                .config("spark.locality.wait", "0")
                .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true");
    }

    /** {@code builder} with the driver on 127.0.0.1 and without a web UI. */
    static SparkSession.Builder onLoopback(SparkSession.Builder builder) {
        return builder.config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1");
    }

    /** The executors of application {@code appId} that the Worker runs now. */
    public List<ProcessHandle> executors(String appId) {
        return worker.toHandle().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("CoarseGrainedExecutorBackend") && c.contains(appId))
                .orElse(false)).toList();
    }

    /** The executor process of {@code executorId} in application {@code appId}. */
    public ProcessHandle executor(String appId, String executorId) {
        return executors(appId).stream().filter(p -> p.info().commandLine().orElse("")
                .contains("--executor-id " + executorId + " ")).findFirst().orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop(worker);
        } finally {
            stop(master);
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        }
    }

    /** Stops a process and what it started, waiting for each to exit. */
    private static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.toHandle().descendants().toList();
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                // gone already, or not stoppable: nothing more to do from here
            }
        }
    }

    private static Process launch(Path home, Path log, List<String> mainAndArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-Xmx512m", "-Dlog4j2.configurationFile="
                        + home.resolve("conf/log4j2.properties"), "-cp",
                home.resolve("jars") + "/*"));
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static void await(Path log, String line, Process process) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < until) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no '" + line + "' in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A folder of classes as a jar. */
    private static void pack(Path classes, Path jar) {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString()
                        .replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
