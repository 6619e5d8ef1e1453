package io.naisrec.zoo;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.BaseModelLoader;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads one model folder of the {@link NaisModelZoo}. Unlike DJL's default loader it knows the
 * nais translators without being told, and it answers only criteria whose filters
 * ({@code name}, {@code dataset}, {@code model}) match the folder.
 */
final class NaisModelLoader extends BaseModelLoader {

    private final Path folder;

    NaisModelLoader(Path folder) {
        super(MRL.model(Repository.newInstance(folder.getFileName().toString(), folder),
                Application.UNDEFINED, NaisModelZoo.GROUP_ID, NaisModelZoo.ARTIFACT_ID, "1",
                folder.getFileName().toString()));
        this.folder = folder;
        defaultFactory = new NaisTranslatorFactory();
    }

    Path folder() {
        return folder;
    }

    /**
     * Checks the criteria's filters against the folder ({@link ModelNotFoundException} when one
     * does not match), verifying it once (a damaged one is a {@link MalformedModelException}),
     * and loads it with the verified description, so that the block factory does not check the
     * folder again.
     */
    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Map<String, String> filters = criteria.getFilters() == null ? Map.of()
                : criteria.getFilters();
        String name = folder.getFileName().toString();
        if (filters.containsKey("name") && !filters.get("name").equals(name)) {
            throw new ModelNotFoundException(folder + ": name is " + name + ", not "
                    + filters.get("name"));
        }
        ModelDirectory.Description description = ModelDirectory.verify(folder);
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            String value = valueOf(description, filter.getKey());
            if (!filter.getValue().equals(value)) {
                throw new ModelNotFoundException(folder + ": " + filter.getKey() + " is "
                        + value + ", not " + filter.getValue());
            }
        }
        return super.loadModel(criteria.toBuilder()
                .optArgument("blockFactory", NaisBlockFactory.verified(description)).build());
    }

    private String valueOf(ModelDirectory.Description description, String key) {
        if (key.equals("name")) {
            return folder.getFileName().toString();
        }
        if (key.equals("model")) {
            return description.modelName();
        }
        JsonElement value = description.training().get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
