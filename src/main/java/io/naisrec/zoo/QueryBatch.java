package io.naisrec.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of one batch as the {@link ServingBlock} takes them: users ranked exactly, users
 * ranked in two stages, similar-items queries, and K, the most items any of them asks for; and
 * where each query's answer lands, so that the block's outputs come back as one
 * {@link Recommendations} per query, in the order the queries were added. Per call; not shared.
 */
final class QueryBatch {

    private static final int EXACT = 0;
    private static final int STAGED = 1;
    private static final int SIMILAR = 2;

    /** Where a query's answer lands: its group, its index there, and how many items it asked. */
    private record Slot(int group, int index, int topK) {}

    private final RecommendationCodec codec;
    private final List<RecommendationCodec.Resolved> exact = new ArrayList<>();
    private final List<RecommendationCodec.Resolved> staged = new ArrayList<>();
    private final List<Integer> shortlists = new ArrayList<>();
    private final List<Integer> queries = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private int k = 1;

    QueryBatch(RecommendationCodec codec) {
        this.codec = codec;
    }

    /**
     * Adds a recommendation.
     *
     * @param topK items to return, at least 1
     * @param candidates 0 to rank every item, else the shortlist size of two stages
     */
    void recommend(RecommendationCodec.Resolved user, int topK, int candidates) {
        if (candidates == 0) {
            slots.add(new Slot(EXACT, exact.size(), topK));
            exact.add(user);
        } else {
            slots.add(new Slot(STAGED, staged.size(), topK));
            staged.add(user);
            shortlists.add(Math.min(candidates, codec.numItems()));
        }
        k = Math.max(k, topK);
    }

    /** Adds a similar-items query for the item of index {@code item}. */
    void similar(int item, int topK) {
        slots.add(new Slot(SIMILAR, queries.size(), topK));
        queries.add(item);
        k = Math.max(k, topK);
    }

    /** The block's inputs for every query added. */
    NDList inputs(NDManager manager) {
        NDList exactInputs = RecommendationCodec.inputs(manager, exact);
        NDList stagedInputs = RecommendationCodec.inputs(manager, staged);
        return new ServingBlock.Inputs(exactInputs.get(0), exactInputs.get(1),
                stagedInputs.get(0), stagedInputs.get(1), vector(manager, shortlists),
                vector(manager, queries), manager.create(new int[] {k})).toList();
    }

    /** Each query's answer from the block's outputs, in the order added, cut to its topK. */
    List<Recommendations> answers(NDList list) {
        ServingBlock.Outputs outputs = ServingBlock.Outputs.of(list);
        List<List<Recommendations>> groups = List.of(
                exact.isEmpty() ? List.of() : codec.recommendations(exact, outputs.exact()),
                staged.isEmpty() ? List.of() : codec.recommendations(staged, outputs.staged()),
                queries.isEmpty() ? List.of() : codec.similarItems(outputs.similarItems(),
                        outputs.similarities()));
        List<Recommendations> answers = new ArrayList<>();
        for (Slot slot : slots) {
            Recommendations answer = groups.get(slot.group()).get(slot.index());
            answers.add(answer.items().size() <= slot.topK() ? answer : new Recommendations(
                    answer.items().subList(0, slot.topK()), answer.unknownItems(),
                    answer.historyUsed()));
        }
        return answers;
    }

    private static NDArray vector(NDManager manager, List<Integer> values) {
        return manager.create(values.stream().mapToInt(Integer::intValue).toArray(),
                new Shape(values.size()));
    }
}
