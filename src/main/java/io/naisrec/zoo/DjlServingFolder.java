package io.naisrec.zoo;

import ai.djl.MalformedModelException;
import io.naisrec.data.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A model folder that DJL Serving 0.33 serves once copied into its model store, carrying its
 * own code: the model's files, {@code libs/nais-VERSION.jar} (nais's classes, with no class path
 * of its own) and {@value #CLASS_PATH_JAR}, a jar holding only a manifest that puts
 * {@code libs/nais-VERSION.jar} on the class path. DJL looks for a model's code in two places,
 * each with a class loader of its own over the server's: the {@code blockFactory} among the jars
 * at the folder's top level ({@code BaseModelLoader}), and a {@code ServingTranslator} named by
 * {@code translator} in {@code libs/} ({@code ServingTranslatorFactory}); a
 * {@code translatorFactory} it finds only on the server's class path. So the folder's
 * {@code serving.properties} names {@link NaisServingTranslator} as its {@code translator} in
 * place of the {@code translatorFactory} line, and keeps everything else.
 */
public final class DjlServingFolder {

    /** The folder of the model's code. */
    public static final String LIBS = "libs";
    /** The top-level jar whose manifest puts the {@code libs/} jar on the class path. */
    public static final String CLASS_PATH_JAR = "nais-libs.jar";

    private DjlServingFolder() {}

    /**
     * Writes a copy of the model folder {@code model} (verified first) for DJL Serving at
     * {@code target}, replacing a folder there that is a nais model; atomic, as
     * {@link ModelDirectory#save} is.
     */
    public static void write(Path model, Path target) throws IOException, MalformedModelException {
        ModelDirectory.verify(model);
        Path destination = target.toAbsolutePath().normalize();
        Path temp = Folders.temporaryBeside(destination);
        try {
            try (Stream<Path> files = Files.list(model)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals(ModelDirectory.SERVING_FILE)) {
                        Files.writeString(temp.resolve(name), servingText(file),
                                StandardCharsets.UTF_8);
                    } else if (!name.equals(CLASS_PATH_JAR)) {
                        Files.copy(file, temp.resolve(name));
                    }
                }
            }
            String jarName = "nais-" + BuildInfo.version() + ".jar";
            writeLibraryJar(Files.createDirectories(temp.resolve(LIBS)).resolve(jarName));
            writeClassPathJar(temp.resolve(CLASS_PATH_JAR), LIBS + "/" + jarName);
            Folders.replace(temp, destination, ModelDirectory.METADATA_FILE);
        } finally {
            Folders.deleteTree(temp);
        }
    }

    /** The model's serving.properties with the translator DJL Serving loads from libs/. */
    private static String servingText(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean named = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String key = line.strip().split("[=:\\s]", 2)[0];
            if (key.equals("translatorFactory") || key.equals("translator")) {
                if (!named) {
                    lines.add("translator=" + NaisServingTranslator.class.getName());
                    named = true;
                }
            } else {
                lines.add(line);
            }
        }
        if (!named) {
            lines.add("translator=" + NaisServingTranslator.class.getName());
        }
        return String.join("\n", lines) + "\n";
    }

    /** nais's classes and resources, from the jar or folder they were loaded from. */
    private static void writeLibraryJar(Path jar) throws IOException {
        Path source = codeSource();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, "nais");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION,
                BuildInfo.version());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> paths = Files.walk(source)) {
                    for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                        String name = source.relativize(path).toString().replace('\\', '/');
                        if (!name.equals(JarFile.MANIFEST_NAME)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(path, out);
                            out.closeEntry();
                        }
                    }
                }
            } else {
                copyEntries(source, out);
            }
        }
    }

    private static void copyEntries(Path source, JarOutputStream out) throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static void writeClassPathJar(Path jar, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
    }

    private static Path codeSource() throws IOException {
        try {
            return Path.of(NaisServingTranslator.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find the jar nais was loaded from: " + e, e);
        }
    }
}
