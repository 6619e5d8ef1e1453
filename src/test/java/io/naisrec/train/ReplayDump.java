package io.naisrec.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import io.naisrec.data.DatasetResolver;
import io.naisrec.data.InteractionDataset;
import io.naisrec.data.LeaveOneOutSplit;
import io.naisrec.model.ItemSimilarityConfig;
import io.naisrec.model.NaisBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A debugging aid, not a test: trains NAIS-prod as {@code train --model nais-prod --pretrain
 * none} does (defaults, seed 42) and writes, for each of the first batches of epoch 1, the
 * batch's arrays, every parameter before the step and its gradient, and the loss, as .npy
 * files, so that an independent implementation (src/test/python/nais_replay.py) can recompute
 * them batch by batch. Run from the project root after {@code mvn package} (which fills
 * target/lib) and {@code mvn test-compile}:
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:target/lib/*" io.naisrec.train.ReplayDump \
 *     RATINGS OUT BATCHES
 * </pre>
 */
final class ReplayDump {

    private ReplayDump() {}

    /** Stops training once enough batches are written. */
    private static final class Enough extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ReplayDump RATINGS OUT BATCHES");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        int batches = Integer.parseInt(args[2]);
        LeaveOneOutSplit split = DatasetResolver.fromEnvironment(null).resolve(args[0])
                .split(LeaveOneOutSplit.NCF_NEGATIVES, 42);
        InteractionDataset train = split.train();
        NaisBlock block = new NaisBlock(ItemSimilarityConfig.builder().build(),
                train.numItems());
        TrainingSettings settings = TrainingSettings.builder().optEpochs(1).build();
        ModelTrainer trainer = new ModelTrainer(settings, Device.cpu());
        TrainingListener dump = new TrainingListenerAdapter() {
            private int batch;

            @Override
            public void onTrainingBatch(Trainer t, BatchData data) {
                Path dir = out.resolve(String.format(Locale.ROOT, "b%03d", batch));
                try {
                    Files.createDirectories(dir);
                    NDList inputs = data.getBatch().getData();
                    write(dir.resolve("history.npy"), inputs.get(0));
                    write(dir.resolve("masked.npy"), inputs.get(1));
                    write(dir.resolve("targets.npy"), inputs.get(2));
                    write(dir.resolve("labels.npy"), data.getBatch().getLabels().head());
                    float loss = t.getMetrics().latestMetric(ModelTrainer.LOSS_METRIC)
                            .getValue().floatValue();
                    writeFloats(dir.resolve("loss.npy"), new float[] {loss}, new long[] {1});
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        NDArray value = p.getValue().getArray();
                        write(dir.resolve(p.getKey() + ".npy"), value);
                        write(dir.resolve(p.getKey() + ".grad.npy"), value.getGradient());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++batch == batches) {
                    throw new Enough();
                }
            }
        };
        try (Model model = trainer.train("replay", block, trainer.newOptimizer(block), train, 0,
                List.of(dump))) {
            System.out.println("the epoch ended before " + batches + " batches");
        } catch (Enough done) {
            System.out.println("wrote " + batches + " batches to " + out);
        }
    }

    private static void write(Path file, NDArray array) throws IOException {
        long[] shape = array.getShape().getShape();
        switch (array.getDataType()) {
            case FLOAT32 -> writeFloats(file, array.toFloatArray(), shape);
            case INT32 -> {
                int[] values = array.toIntArray();
                ByteBuffer data = ByteBuffer.allocate(4 * values.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                data.asIntBuffer().put(values);
                writeNpy(file, "<i4", shape, data.array());
            }
            default -> throw new IllegalArgumentException("cannot write " + array.getDataType());
        }
    }

    private static void writeFloats(Path file, float[] values, long[] shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        writeNpy(file, "<f4", shape, data.array());
    }

    /** NPY format version 1.0: magic, header length, a dict padded to 64 bytes, the data. */
    private static void writeNpy(Path file, String dtype, long[] shape, byte[] data)
            throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(shape.length == 1 ? "," : ", ");
        }
        StringBuilder header = new StringBuilder("{'descr': '" + dtype
                + "', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream os = Files.newOutputStream(file)) {
            os.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            os.write(head.length & 0xff);
            os.write(head.length >> 8);
            os.write(head);
            os.write(data);
        }
    }
}
