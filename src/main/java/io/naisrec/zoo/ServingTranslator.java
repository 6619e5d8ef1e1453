package io.naisrec.zoo;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Input} → {@code Output}, the contract of DJL Serving and of {@code nais serve}: each
 * input's body is a JSON {@link ServingRequest}; each output is its JSON answer (as
 * {@code recommend --json} / {@code similar --json} write it, without the model path) with code
 * 200, or code 400 and {@code {"code", "type", "message"}}. Every query of a batch, of every
 * kind, runs in one forward pass of the {@link ServingBlock}; a bad input fails alone.
 * Thread-safe, like the other translators.
 */
final class ServingTranslator extends BatchTranslator<Input, Output> {

    private static final String PLAN = "nais.plan";

    private final RecommendationCodec codec;
    private final ServingRequest.Limits limits;
    private final int numItems;

    /** Where a query's answer lands: its group (exact, two-stage, similar) and index there. */
    private record Slot(int group, int index) {}

    /** One batch: each input's request (or why it is refused) and where its answers land. */
    private record Plan(List<ServingRequest> requests, List<String> refusals,
            List<List<Slot>> slots, List<List<RecommendationCodec.Resolved>> groups) {}

    ServingTranslator(RecommendationCodec codec, ServingRequest.Limits limits, int numItems) {
        this.codec = codec;
        this.limits = limits;
        this.numItems = numItems;
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<Input> inputs) {
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                List.of(new ArrayList<>(), new ArrayList<>()));
        List<Integer> shortlists = new ArrayList<>();
        List<Integer> queries = new ArrayList<>();
        int k = 1;
        for (Input input : inputs) {
            ServingRequest request = null;
            String refusal = null;
            List<Object> resolved = new ArrayList<>();
            try {
                request = ServingRequest.parse(body(input), limits);
                for (int q = 0; q < request.queries().size(); q++) {
                    resolved.add(resolve(request.queries().get(q),
                            request.batch() ? "instances[" + q + "]." : ""));
                }
            } catch (ServingRequest.Invalid e) {
                request = null;
                refusal = e.getMessage();
            } catch (RuntimeException e) {
                request = null;
                refusal = "unreadable request: " + ServingRequest.shown(String.valueOf(
                        e.getMessage()));
            }
            List<Slot> slots = new ArrayList<>();
            for (int q = 0; request != null && q < resolved.size(); q++) {
                ServingRequest.Query query = request.queries().get(q);
                k = Math.max(k, query.topK());
                if (query instanceof ServingRequest.Recommend recommend) {
                    int group = recommend.candidates() == 0 ? 0 : 1;
                    List<RecommendationCodec.Resolved> members = plan.groups().get(group);
                    slots.add(new Slot(group, members.size()));
                    members.add((RecommendationCodec.Resolved) resolved.get(q));
                    if (group == 1) {
                        shortlists.add(Math.min(recommend.candidates(), numItems));
                    }
                } else {
                    slots.add(new Slot(2, queries.size()));
                    queries.add((Integer) resolved.get(q));
                }
            }
            plan.requests().add(request);
            plan.refusals().add(refusal);
            plan.slots().add(slots);
        }
        ctx.setAttachment(PLAN, plan);
        NDManager manager = ctx.getNDManager();
        NDList list = new NDList();
        list.addAll(RecommendationCodec.inputs(manager, plan.groups().get(0)));
        list.addAll(RecommendationCodec.inputs(manager, plan.groups().get(1)));
        list.add(manager.create(shortlists.stream().mapToInt(Integer::intValue).toArray(),
                new Shape(shortlists.size())));
        list.add(manager.create(queries.stream().mapToInt(Integer::intValue).toArray(),
                new Shape(queries.size())));
        list.add(manager.create(new int[] {k}));
        return list;
    }

    @Override
    public List<Output> batchProcessOutput(TranslatorContext ctx, NDList list) {
        Plan plan = (Plan) ctx.getAttachment(PLAN);
        List<List<Recommendations>> answers = List.of(
                codec.recommendations(plan.groups().get(0), list.get(0), list.get(1),
                        list.get(2)),
                codec.recommendations(plan.groups().get(1), list.get(3), list.get(4),
                        list.get(5)),
                codec.similarItems(list.get(6), list.get(7)));
        List<Output> outputs = new ArrayList<>();
        for (int i = 0; i < plan.requests().size(); i++) {
            ServingRequest request = plan.requests().get(i);
            if (request == null) {
                outputs.add(ServingOutputs.error(400, "BadRequestException",
                        plan.refusals().get(i)));
                continue;
            }
            List<Object> predictions = new ArrayList<>();
            for (int q = 0; q < request.queries().size(); q++) {
                Slot slot = plan.slots().get(i).get(q);
                predictions.add(json(request.queries().get(q),
                        answers.get(slot.group()).get(slot.index())));
            }
            outputs.add(ServingOutputs.ok(request.batch() ? Map.of("predictions", predictions)
                    : predictions.get(0)));
        }
        return outputs;
    }

    /** A recommendation's history resolved, or a similar-items query's item index. */
    private Object resolve(ServingRequest.Query query, String at) throws ServingRequest.Invalid {
        try {
            if (query instanceof ServingRequest.Recommend recommend) {
                return codec.resolve(recommend.history());
            }
            return codec.indexOf(((ServingRequest.Similar) query).item());
        } catch (TranslateException e) {
            throw new ServingRequest.Invalid(at + (query instanceof ServingRequest.Recommend
                    ? "history: " : "item: ") + e.getMessage());
        }
    }

    private static Map<String, Object> json(ServingRequest.Query query, Recommendations answer) {
        Recommendations top = new Recommendations(answer.items().subList(0,
                Math.min(query.topK(), answer.items().size())), answer.unknownItems(),
                answer.historyUsed());
        if (query instanceof ServingRequest.Recommend recommend) {
            return RecommendationsJson.recommendation(recommend.history().items(), top,
                    recommend.explain());
        }
        return RecommendationsJson.similarItems(((ServingRequest.Similar) query).item(), top);
    }

    private static String body(Input input) {
        BytesSupplier data = input.getData();
        return data == null ? null : data.getAsString();
    }
}
