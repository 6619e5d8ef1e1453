package io.naisrec.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The models nais trains, by the names the command line, model folders and model cards use:
 * {@code fism}, {@code nais-prod}, {@code nais-concat} and {@code ease} (fitted in closed form,
 * not by gradient). The one place that parses and spells them, and that makes their blocks.
 */
public enum ModelKind {
    /** FISM: every history item weighs the same. */
    FISM("fism", null),
    /** NAIS with the attention f = hᵀ ReLU(W (p_i ⊙ q_j) + b). */
    NAIS_PROD("nais-prod", ItemSimilarityConfig.Attention.PROD),
    /** NAIS with the attention f = hᵀ ReLU(W [p_i; q_j] + b). */
    NAIS_CONCAT("nais-concat", ItemSimilarityConfig.Attention.CONCAT),
    /** EASE^R: closed-form item-item weights B_ji ({@link EaseBlock}). */
    EASE("ease", null);

    private final String id;
    private final ItemSimilarityConfig.Attention attention;

    ModelKind(String id, ItemSimilarityConfig.Attention attention) {
        this.id = id;
        this.attention = attention;
    }

    /** The name: {@code fism}, {@code nais-prod}, {@code nais-concat} or {@code ease}. */
    public String id() {
        return id;
    }

    /** Whether this is a NAIS model (it has an attention network). */
    public boolean isNais() {
        return attention != null;
    }

    /** Whether this model is trained by gradient (all but EASE, fitted in closed form). */
    public boolean isTrainedByGradient() {
        return this != EASE;
    }

    /** The attention variant of a NAIS kind; {@code prod} for FISM and EASE, which have none. */
    public ItemSimilarityConfig.Attention attention() {
        return attention == null ? ItemSimilarityConfig.Attention.PROD : attention;
    }

    /**
     * The kind named {@code name}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static ModelKind parse(String name) {
        for (ModelKind kind : values()) {
            if (kind.id.equalsIgnoreCase(name.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("model must be " + names() + ", got '" + name + "'");
    }

    /** The accepted names, for messages: {@code fism, nais-prod, nais-concat or ease}. */
    public static String names() {
        String all = Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** The kind of a block: FISM, EASE, or NAIS with the block's attention variant. */
    public static ModelKind of(ItemSimilarityBlock block) {
        if (block instanceof FismBlock) {
            return FISM;
        }
        if (block instanceof EaseBlock) {
            return EASE;
        }
        return block.config().attention() == ItemSimilarityConfig.Attention.CONCAT
                ? NAIS_CONCAT : NAIS_PROD;
    }

    /**
     * A new, uninitialised block of this kind over {@code numItems} items.
     *
     * @throws IllegalArgumentException when {@code config} does not fit this kind: another
     *     attention variant for NAIS, a learned β for FISM, anything but
     *     {@link EaseBlock#CONFIG} for EASE (an EASE block is then fitted or loaded)
     */
    public ItemSimilarityBlock newBlock(ItemSimilarityConfig config, int numItems) {
        check(config);
        return switch (this) {
            case FISM -> new FismBlock(config, numItems);
            case EASE -> new EaseBlock(config, numItems);
            default -> new NaisBlock(config, numItems);
        };
    }

    /** Rejects a configuration that does not fit this kind (see {@link #newBlock}). */
    public void check(ItemSimilarityConfig config) {
        if (this == FISM && config.learnBeta()) {
            throw new IllegalArgumentException("a learned beta needs a NAIS model: FISM has no "
                    + "attention to smooth");
        }
        if (this == EASE && !config.equals(EaseBlock.CONFIG)) {
            throw new IllegalArgumentException("ease has unit embeddings and no alpha, beta or"
                    + " history cap: its configuration is " + EaseBlock.CONFIG);
        }
        if (isNais() && config.attention() != attention) {
            throw new IllegalArgumentException(id + " needs the "
                    + attention.name().toLowerCase(Locale.ROOT) + " attention, the configuration"
                    + " has " + config.attention().name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * The description saved with a block's parameters, e.g. {@code nais-prod, 1682 items, D 16,
     * A 16, alpha 0.0, beta 0.5, history all}.
     */
    String describe(ItemSimilarityConfig config, int numItems) {
        return id() + ", " + numItems + " items, D " + config.embeddingSize()
                + (isNais() ? ", A " + config.attentionSize() : "") + ", alpha " + config.alpha()
                + (isNais() ? ", beta " + (config.learnBeta() ? "learned from " : "")
                        + config.beta() : "")
                + ", history " + (config.maxHistory() == 0 ? "all" : config.maxHistory());
    }
}
