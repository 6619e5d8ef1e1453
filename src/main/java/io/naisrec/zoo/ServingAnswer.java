package io.naisrec.zoo;

import ai.djl.ndarray.BytesSupplier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link ServingRequest}, typed: one {@link Recommendations} per query, each cut
 * to the query's {@code topK}. Its bytes are the JSON answer of the serving contract (as
 * {@code recommend --json} / {@code similar --json} write it, without the model path), a batch's
 * as {@code {"predictions": [...]}}.
 *
 * @param request the request, with the model's defaults filled in
 * @param answers each query's answer, in the order of the request's queries
 */
public record ServingAnswer(ServingRequest request, List<Recommendations> answers)
        implements BytesSupplier {

    /** Copies the answers; there is one per query. */
    public ServingAnswer {
        answers = List.copyOf(answers);
        if (answers.size() != request.queries().size()) {
            throw new IllegalArgumentException(answers.size() + " answers for "
                    + request.queries().size() + " queries");
        }
    }

    /** Whether query {@code q} asked for explanations. */
    public boolean explained(int q) {
        return request.queries().get(q) instanceof ServingRequest.Recommend recommend
                && recommend.explain();
    }

    @Override
    public ByteBuffer toByteBuffer() {
        List<Object> predictions = new ArrayList<>();
        for (int q = 0; q < answers.size(); q++) {
            ServingRequest.Query query = request.queries().get(q);
            predictions.add(query instanceof ServingRequest.Recommend recommend
                    ? RecommendationsJson.recommendation(recommend.history().items(),
                            answers.get(q), recommend.explain())
                    : RecommendationsJson.similarItems(((ServingRequest.Similar) query).item(),
                            answers.get(q)));
        }
        String json = ServingOutputs.GSON.toJson(request.batch()
                ? Map.of("predictions", predictions) : predictions.get(0));
        return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }
}
