package io.naisrec.notebook;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A copy of the project's layout after {@code mvn package}, for running the notebooks in tests:
 * {@code target/nais.jar} (built here from the compiled classes, runnable with {@code java -jar}:
 * its manifest names the main class and the jars of {@code lib/}), {@code target/nais-library.jar}
 * (the same classes, no manifest), {@code target/lib/} (links to
 * the test class path's jars), {@code models/} (a link to the project's) and a
 * {@code notebooks/} folder to copy notebooks into.
 */
final class PackagedLayout {

    private final Path root;

    private PackagedLayout(Path root) {
        this.root = root;
    }

    /** The test JVM's class path, entries in order. */
    static List<Path> testClassPath() {
        return Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .map(Path::of).toList();
    }

    /** nais's compiled main classes. */
    static Path mainClasses() {
        return testClassPath().stream().filter(p -> p.endsWith(Path.of("target", "classes")))
                .findFirst().orElseThrow();
    }

    /** Builds the layout under {@code root}. */
    static PackagedLayout under(Path root) throws IOException {
        Path lib = Files.createDirectories(root.resolve("target/lib"));
        List<String> classPath = new ArrayList<>();
        for (Path jar : testClassPath()) {
            if (jar.toString().endsWith(".jar")) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
                classPath.add("lib/" + jar.getFileName());
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.naisrec.cli.NaisCli");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                String.join(" ", classPath));
        jar(mainClasses(), root.resolve("target/nais.jar"), manifest);
        jar(mainClasses(), root.resolve("target/nais-library.jar"));
        Files.createDirectories(root.resolve("notebooks"));
        Files.createSymbolicLink(root.resolve("models"), Path.of("models").toAbsolutePath());
        return new PackagedLayout(root);
    }

    /** A jar of everything under {@code folder}. */
    static void jar(Path folder, Path jar) throws IOException {
        jar(folder, jar, null);
    }

    /** A jar of everything under {@code folder}, with {@code manifest} if not null. */
    static void jar(Path folder, Path jar, Manifest manifest) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = manifest == null ? new JarOutputStream(file)
                        : new JarOutputStream(file, manifest);
                Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(folder.relativize(path).toString()
                        .replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    /** Copies a notebook of the project into the layout's {@code notebooks/}. */
    Path copy(Path notebook) throws IOException {
        return Files.copy(notebook, root.resolve("notebooks").resolve(notebook.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The project's notebooks, in name order. */
    static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    Path root() {
        return root;
    }
}
