package io.naisrec.zoo;

import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelZoo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The nais model zoo, group id {@code io.naisrec}, artifact id {@code nais}: one model per folder
 * of {@code $NAIS_MODEL_DIR} (or the system property {@code nais.model.dir}), else of
 * {@code models/} in the working directory; hidden folders (temporary ones while a model is
 * written) are skipped. Folders are listed afresh on every lookup. Pick a
 * model with {@code Criteria.Builder.optFilter("name", FOLDER)}, or by {@code dataset} or
 * {@code model} ({@code nais-prod}, {@code nais-concat}, {@code fism}); without a filter the
 * first folder in name order is loaded.
 */
public final class NaisModelZoo extends ModelZoo {

    /** The zoo's group id. */
    public static final String GROUP_ID = "io.naisrec";
    /** The artifact id of every model in the zoo. */
    public static final String ARTIFACT_ID = "nais";

    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
        return Set.of("PyTorch");
    }

    @Override
    public Collection<ModelLoader> getModelLoaders() {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ModelLoader> loaders = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                if (!folder.getFileName().toString().startsWith(".")
                        && ModelDirectory.isModelDirectory(folder)) {
                    loaders.add(new NaisModelLoader(folder));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": cannot list models", e);
        }
        return loaders;
    }

    @Override
    public ModelLoader getModelLoader(String name) {
        return getModelLoaders().stream()
                .filter(l -> ((NaisModelLoader) l).folder().getFileName().toString().equals(name))
                .findFirst().orElse(null);
    }

    /** Where the zoo's model folders are. */
    public static Path root() {
        String dir = System.getenv("NAIS_MODEL_DIR");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("nais.model.dir");
        }
        return Path.of(dir == null || dir.isBlank() ? "models" : dir);
    }
}
