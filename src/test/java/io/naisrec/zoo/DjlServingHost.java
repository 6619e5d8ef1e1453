package io.naisrec.zoo;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A child JVM that loads a model folder as DJL Serving 0.33 does, on a class path of DJL's jars
 * (and this class) only: {@code ModelManager} sets the server's class loader (a
 * {@code MutableClassLoader} over {@code deps/}, empty here) as the thread's context class
 * loader, and {@code ModelInfo} reads {@code serving.properties} ({@code option.*} keys as
 * options, the others as arguments, {@code batchifier=stack} when {@code batch_size} is over 1)
 * into a {@code Criteria<Input, Output>} by URL. The request bodies, one a line on stdin, are
 * answered in one {@code batchPredict} (as DJL Serving's batching does); each answer is one
 * line, its code, a tab, its body. The first line says whether nais is on the class path.
 */
public final class DjlServingHost {

    private DjlServingHost() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        System.out.println("nais on the class path: " + onClassPath());
        Properties prop = new Properties();
        try (Reader reader = Files.newBufferedReader(folder.resolve("serving.properties"))) {
            prop.load(reader);
        }
        Map<String, String> options = new HashMap<>();
        Map<String, Object> arguments = new HashMap<>();
        for (String key : prop.stringPropertyNames()) {
            if (key.startsWith("option.")) {
                options.put(key.substring(7), prop.getProperty(key));
            } else {
                arguments.put(key, prop.getProperty(key));
            }
        }
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[0],
                DjlServingHost.class.getClassLoader()));
        Criteria.Builder<Input, Output> builder = Criteria.builder()
                .setTypes(Input.class, Output.class)
                .optModelUrls(folder.toUri().toURL().toString())
                .optEngine(prop.getProperty("engine")).optArguments(arguments)
                .optOptions(options).optDevice(Device.cpu());
        if (Integer.parseInt(prop.getProperty("batch_size", "1")) > 1) {
            builder.optArgument("batchifier", "stack");
        }
        List<Input> inputs = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            Input input = new Input();
            input.add("data", line);
            inputs.add(input);
        }
        try (ZooModel<Input, Output> model = builder.build().loadModel();
                Predictor<Input, Output> predictor = model.newPredictor()) {
            for (Output output : predictor.batchPredict(inputs)) {
                System.out.println(output.getCode() + "\t" + output.getData().getAsString());
            }
        }
    }

    private static boolean onClassPath() {
        try {
            Class.forName("io.naisrec.zoo.NaisBlockFactory", false,
                    DjlServingHost.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
