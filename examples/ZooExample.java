import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.naisrec.zoo.NaisTranslatorFactory;
import io.naisrec.zoo.Recommendations;
import io.naisrec.zoo.UserHistory;
import java.nio.file.Path;
import java.util.List;

/**
 * An application that knows nothing of nais's training code: it loads a model folder through
 * DJL's Criteria, by path and by model-zoo coordinates, and prints explained recommendations.
 * Run it with examples/run-zoo-example.sh after 'mvn -B -q package -DskipTests'.
 */
public final class ZooExample {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "models/nais-ml-latest-small");
        // Star Wars IV, Raiders of the Lost Ark, Empire Strikes Back, Return of the Jedi
        UserHistory history = UserHistory.of("260", "1198", "1196", "1210");

        // By path. DJL 0.33 picks the translator factory before it reads serving.properties,
        // so a path needs it named here; the zoo below finds it on its own.
        Criteria<UserHistory, Recommendations> byPath = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optModelPath(folder)
                .optTranslatorFactory(new NaisTranslatorFactory())
                .optArgument("topK", 5)
                .build();
        try (ZooModel<UserHistory, Recommendations> model = byPath.loadModel();
                Predictor<UserHistory, Recommendations> predictor = model.newPredictor()) {
            print("by path " + folder, predictor.predict(history));
        }

        // By zoo coordinates: the folders of models/ (or $NAIS_MODEL_DIR), picked by name.
        Criteria<UserHistory, Recommendations> byZoo = Criteria.builder()
                .setTypes(UserHistory.class, Recommendations.class)
                .optGroupId("io.naisrec")
                .optArtifactId("nais")
                .optFilter("name", folder.getFileName().toString())
                .optArgument("topK", 5)
                .build();
        try (ZooModel<UserHistory, Recommendations> model = byZoo.loadModel();
                Predictor<UserHistory, Recommendations> predictor = model.newPredictor()) {
            List<Recommendations> batch = predictor.batchPredict(List.of(history,
                    UserHistory.of("1", "3114", "2355")));
            print("by zoo coordinates io.naisrec:nais, name " + folder.getFileName(),
                    batch.get(0));
            print("same model, a Toy Story fan (batch of two)", batch.get(1));
        }
    }

    private static void print(String how, Recommendations recs) {
        System.out.println("== " + how);
        for (Recommendations.Item item : recs.items()) {
            Recommendations.Explanation top = item.explanation().get(0);
            System.out.printf("%d. %s (score %.3f), most because of %s (%+.3f, %.0f%% of the"
                    + " history's contributions; weight %.3f)%n", item.rank(), item.name(),
                    item.score(), top.name(), top.contribution(), 100 * top.share(),
                    top.weight());
        }
    }
}
