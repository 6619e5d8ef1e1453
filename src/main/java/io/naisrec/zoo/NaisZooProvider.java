package io.naisrec.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers the {@link NaisModelZoo} with DJL ({@code META-INF/services}). */
public final class NaisZooProvider implements ZooProvider {

    @Override
    public ModelZoo getModelZoo() {
        return new NaisModelZoo();
    }
}
