package io.naisrec.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.naisrec.data.DataException;
import io.naisrec.data.Folders;
import io.naisrec.notebook.NaisKernel;
import io.naisrec.runtime.EngineThreads;
import io.naisrec.runtime.Workload;
import io.naisrec.zoo.BuildInfo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nais kernel …}: the Jupyter kernel for the notebooks. */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "nais's Jupyter kernel for Java notebooks.",
        subcommands = {KernelCommand.Install.class, KernelCommand.Run.class})
final class KernelCommand implements Runnable {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nais kernel install}: writes the kernelspec Jupyter starts the kernel by. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Write a Jupyter kernelspec that starts this nais as a Java kernel: "
                    + "into the user's Jupyter data folder (--user), under --prefix, or "
                    + "system-wide.")
    static final class Install implements Callable<Integer> {

        @Option(names = "--user", description = "Install for the current user only.")
        private boolean user;

        @Option(names = "--prefix", paramLabel = "DIR",
                description = "Install into DIR/share/jupyter/kernels (Jupyter finds it with "
                        + "JUPYTER_PATH=DIR/share/jupyter, or when DIR is its environment).")
        private Path prefix;

        @Option(names = "--name", defaultValue = "nais-java",
                description = "Kernel name. Default: ${DEFAULT-VALUE}.")
        private String name;

        @Option(names = "--display-name", defaultValue = "Java (nais)",
                description = "Name shown in Jupyter. Default: ${DEFAULT-VALUE}.")
        private String displayName;

        @Option(names = "--class-path", paramLabel = "CP",
                description = "The kernel's class path (written with absolute paths). Default: "
                        + "this nais's (its jar and lib/).")
        private String classPath;

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (user && prefix != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--user and --prefix are exclusive");
            }
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--name may hold letters, digits, '.', '_' and '-' only, got '" + name
                                + "'");
            }
            Path folder = kernels().resolve(name);
            if (Files.exists(folder)) {
                String existing = Files.isRegularFile(folder.resolve("kernel.json"))
                        ? Files.readString(folder.resolve("kernel.json")) : "";
                if (!existing.contains(NaisCli.class.getName())) {
                    throw new DataException(folder + ": a kernel that nais did not install; "
                            + "refusing to replace it");
                }
            }
            Files.createDirectories(folder.getParent());
            Path temp = Folders.temporaryBeside(folder);
            try {
                Files.writeString(temp.resolve("kernel.json"), new GsonBuilder()
                        .setPrettyPrinting().create().toJson(kernelJson()),
                        StandardCharsets.UTF_8);
                if (Files.exists(folder)) {
                    Folders.deleteTree(folder);
                }
                Files.move(temp, folder);
            } finally {
                Folders.deleteTree(temp);
            }
            spec.commandLine().getOut().println("Installed kernel '" + name + "' in " + folder);
            spec.commandLine().getOut().flush();
            return 0;
        }

        private JsonObject kernelJson() {
            JsonArray argv = new JsonArray();
            for (String arg : List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toAbsolutePath().toString(), "-cp", absolute(classPath != null ? classPath
                    : System.getProperty("java.class.path")), NaisCli.class.getName(), "kernel",
                    "run", "{connection_file}")) {
                argv.add(arg);
            }
            JsonObject json = new JsonObject();
            json.add("argv", argv);
            json.addProperty("display_name", displayName);
            json.addProperty("language", "java");
            json.addProperty("interrupt_mode", "message");
            return json;
        }

        /**
         * The class path with every entry made absolute: Jupyter starts a kernel in its
         * notebook's folder, not where {@code kernel install} ran.
         */
        static String absolute(String classPath) {
            return Arrays.stream(classPath.split(File.pathSeparator)).filter(e -> !e.isEmpty())
                    .map(Install::absoluteEntry).collect(Collectors.joining(File.pathSeparator));
        }

        /** One entry made absolute; a wildcard ({@code lib/*}) stays a wildcard. */
        private static String absoluteEntry(String entry) {
            if (entry.endsWith("*")) {
                String folder = entry.substring(0, entry.length() - 1);
                return Path.of(folder.isEmpty() ? "." : folder).toAbsolutePath().normalize()
                        + File.separator + "*";
            }
            return Path.of(entry).toAbsolutePath().normalize().toString();
        }

        /** Jupyter's kernels folder for this install. */
        private Path kernels() {
            if (prefix != null) {
                return prefix.resolve(Path.of("share", "jupyter", "kernels"));
            }
            if (user) {
                String data = System.getenv("JUPYTER_DATA_DIR");
                if (data != null && !data.isBlank()) {
                    return Path.of(data, "kernels");
                }
                Path home = Path.of(System.getProperty("user.home"));
                String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
                return os.contains("mac") ? home.resolve("Library/Jupyter/kernels")
                        : os.contains("win") ? Path.of(System.getenv("APPDATA"), "jupyter",
                                "kernels") : home.resolve(".local/share/jupyter/kernels");
            }
            String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
            return os.contains("win") ? Path.of(System.getenv("PROGRAMDATA"), "jupyter",
                    "kernels") : Path.of("/usr/local/share/jupyter/kernels");
        }
    }

    /** {@code nais kernel run CONNECTION_FILE}: what the kernelspec starts. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the kernel on the connection Jupyter describes (Jupyter starts "
                    + "this; you do not).")
    static final class Run implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "CONNECTION_FILE",
                description = "The connection file Jupyter writes.")
        private Path connectionFile;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(connectionFile)) {
                throw new DataException(connectionFile + ": no such connection file");
            }
            EngineThreads.configure(Workload.TRAINING, 0);
            List<Path> classPath = Arrays.stream(System.getProperty("java.class.path")
                    .split(File.pathSeparator)).map(Path::of).toList();
            NaisKernel.serve(connectionFile, classPath, BuildInfo.version());
            return 0;
        }
    }
}
