package io.naisrec.cli;

import ai.djl.ndarray.NDManager;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.eval.EaseSelection;
import io.naisrec.model.EaseBlock;
import io.naisrec.model.EaseConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the item-item models, ItemKNN and EASE^R: the neighbours each item keeps and
 * EASE's λ (else chosen on the validation split), and the EASE fit they describe.
 */
final class ItemItemOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ItemItemOptions.class);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--neighbours", paramLabel = "N",
            description = "Neighbours each item keeps (ItemKNN, EASE); 0 keeps all. Default: 0 "
                    + "for evaluate, " + EaseTraining.DEFAULT_NEIGHBOURS + " for train "
                    + "--model ease (the weights its folder stores).")
    private Integer neighbours;

    @Option(names = "--lambda", paramLabel = "λ",
            description = "EASE's L2 weight λ. Default: the best of 10, 50, 100, 200, 500 and "
                    + "1000 by HR@K on the validation split (each user's latest training "
                    + "interaction, EASE fitted on the rest).")
    private Float lambda;

    /** --lambda, or {@code null} when λ is to be chosen on validation. */
    Float lambda() {
        return lambda;
    }

    /** The --lambda and --neighbours of a resumed run. */
    void restore(Float lambdaGiven, int neighboursGiven) {
        lambda = lambdaGiven;
        neighbours = neighboursGiven;
    }

    /** --neighbours, or {@code fallback} when not given; rejected when negative. */
    int neighbours(int fallback) {
        int value = neighbours == null ? fallback : neighbours;
        if (value < 0) {
            throw new ParameterException(mixee.commandLine(),
                    "--neighbours must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * EASE fitted on {@code split}'s training interactions with --lambda, or with the λ of the
     * grid that ranks {@code split}'s validation split best; the λ (and the grid's validation
     * HR@K) go into {@code record}.
     *
     * @param seed the seed of the validation split's negatives
     */
    EaseBlock fitEase(LeaveOneOutSplit split, long seed, int k, boolean fullRanking,
            int kept, NDManager manager, Map<String, Object> record) {
        Arguments.valid(mixee, () -> {
            EaseBlock.requireMemory(split.train().numItems());
            return split;
        });
        float chosen;
        if (lambda != null) {
            Arguments.valid(mixee, () -> new EaseConfig(lambda, kept));
            chosen = lambda;
        } else {
            EaseSelection.Choice choice = EaseSelection.choose(
                    split.validation(LeaveOneOutSplit.NCF_NEGATIVES, seed),
                    EaseConfig.LAMBDA_GRID, kept, k, fullRanking, manager);
            chosen = choice.lambda();
            record.put("lambda_validation_hr@" + k, choice.hitRatios());
        }
        LOG.info("EASE lambda {} ({}), neighbours {}", chosen, lambda != null ? "given"
                : "chosen on validation", kept == 0 ? "all" : kept);
        record.put("lambda", chosen);
        record.put("lambda_chosen_on", lambda != null ? "given" : "validation");
        record.put("neighbours", kept);
        EaseConfig config = new EaseConfig(chosen, kept);
        return Arguments.valid(mixee, () -> EaseBlock.fit(split.train(), config, manager));
    }
}
