package io.naisrec.zoo;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Input} → {@code Output}, the contract of DJL Serving and of {@code nais serve}: each
 * input's data is a {@link ServingRequest}, typed (as a route that has read it passes it) or as
 * its JSON text; each output is its {@link ServingAnswer} with code 200, or code 400 and
 * {@code {"code", "type", "message"}}. Every query of a batch, of every kind, runs in one forward
 * pass of the {@link ServingBlock}; a bad input fails alone; explanations are built only for the
 * queries that ask. Thread-safe, like the other translators.
 *
 * <p>Not DJL's {@code ai.djl.translate.ServingTranslator}: that interface is a streaming
 * translator configured after construction ({@code setArguments}); this one is built whole,
 * with validated limits, by {@link NaisTranslatorFactory}, which is how DJL Serving finds it.
 */
final class ServingRequestTranslator extends BatchTranslator<Input, Output> {

    private static final String PLAN = "nais.plan";

    private final ServingRequest.Limits limits;

    /**
     * One batch: each input's request with its defaults (or {@code null} and why it is
     * refused), and the queries of all of them.
     */
    private record Plan(List<ServingRequest> requests, List<String> refusals, QueryBatch batch) {}

    ServingRequestTranslator(ServingRequest.Limits limits) {
        this.limits = limits;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<Input> inputs) {
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new QueryBatch(codec()));
        for (Input input : inputs) {
            ServingRequest request = null;
            String refusal = null;
            List<Object> resolved = new ArrayList<>();
            try {
                request = input.getData() instanceof ServingRequest typed
                        ? typed.within(limits) : ServingRequest.parse(body(input), limits);
                for (int q = 0; q < request.queries().size(); q++) {
                    resolved.add(resolve(request.queries().get(q),
                            request.batch() ? "instances[" + q + "]." : ""));
                }
            } catch (ServingRequest.Invalid e) {
                request = null;
                refusal = e.getMessage();
            } catch (RuntimeException e) {
                request = null;
                refusal = ServingRequest.unreadable(e).getMessage();
            }
            for (int q = 0; request != null && q < resolved.size(); q++) {
                ServingRequest.Query query = request.queries().get(q);
                if (query instanceof ServingRequest.Recommend recommend) {
                    plan.batch().recommend((RecommendationCodec.Resolved) resolved.get(q),
                            recommend.topK(), recommend.candidates());
                } else {
                    plan.batch().similar((Integer) resolved.get(q), query.topK());
                }
            }
            plan.requests().add(request);
            plan.refusals().add(refusal);
        }
        ctx.setAttachment(PLAN, plan);
        return plan.batch().inputs(ctx.getNDManager());
    }

    @Override
    public List<Output> batchProcessOutput(TranslatorContext ctx, NDList list) {
        Plan plan = (Plan) ctx.getAttachment(PLAN);
        List<Recommendations> answers = plan.batch().answers(list);
        List<Output> outputs = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < plan.requests().size(); i++) {
            ServingRequest request = plan.requests().get(i);
            if (request == null) {
                outputs.add(ServingOutputs.error(400, plan.refusals().get(i)));
                continue;
            }
            int queries = request.queries().size();
            outputs.add(ServingOutputs.ok(new ServingAnswer(request,
                    answers.subList(next, next + queries))));
            next += queries;
        }
        return outputs;
    }

    /** A recommendation's history resolved, or a similar-items query's item index. */
    private Object resolve(ServingRequest.Query query, String at) throws ServingRequest.Invalid {
        try {
            if (query instanceof ServingRequest.Recommend recommend) {
                return codec().resolve(recommend.history(), recommend.explain());
            }
            return codec().indexOf(((ServingRequest.Similar) query).item());
        } catch (TranslateException e) {
            throw new ServingRequest.Invalid(at + (query instanceof ServingRequest.Recommend
                    ? "history: " : "item: ") + e.getMessage());
        }
    }

    private static String body(Input input) {
        BytesSupplier data = input.getData();
        return data == null ? null : data.getAsString();
    }
}
