package io.naisrec.zoo;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.Gson;
import io.naisrec.cli.NaisCli;
import io.naisrec.train.Checkpoint;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Run by {@link OlderGsonTest} in a child JVM whose class path starts with Gson 2.8.5, as IJava's
 * and some servers' do: loads the shipped model through Criteria and recommends, trains a small
 * model (its metadata and per-epoch checkpoints written and read back), and prints
 * {@code gson=VERSION-JAR ids=ID,ID,... ok}.
 *
 * <p>Arguments: the shipped model folder, a data file, a scratch folder.
 */
public final class OlderGsonProbe {

    private OlderGsonProbe() {}

    /** Runs the probe. */
    public static void main(String[] args) throws Exception {
        String gson = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).getFileName().toString();
        Criteria<UserHistory, Recommendations> criteria = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optModelPath(Path.of(args[0])).optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("topK", 5).build();
        String ids;
        try (ZooModel<UserHistory, Recommendations> model = criteria.loadModel();
                Predictor<UserHistory, Recommendations> predictor = model.newPredictor()) {
            ids = predictor.predict(UserHistory.of("260", "1198", "1196")).items().stream()
                    .map(Recommendations.Item::id).collect(Collectors.joining(","));
        }
        Path out = Path.of(args[2], "model");
        Path checkpoint = Path.of(args[2], "kept.checkpoint");
        String[] train = {"train", "--data", args[1], "--model", "nais-prod", "--epochs", "2",
            "--pretrain", "none", "--embedding", "8", "--attention", "4", "--out",
            out.toString(), "--checkpoint", checkpoint.toString()};
        int code = NaisCli.run(train, System.out, System.err);
        ModelDirectory.verify(out);
        Checkpoint.read(Path.of(args[3]));
        System.out.println("gson=" + gson + " ids=" + ids + (code == 0 ? " ok" : " failed"));
    }
}
