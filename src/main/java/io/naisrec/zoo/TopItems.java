package io.naisrec.zoo;

import java.util.Arrays;
import java.util.PriorityQueue;

/** The k best-scoring indices of a score array, best first, skipping excluded ones. */
final class TopItems {

    private TopItems() {}

    /**
     * @param scores one score per item index
     * @param k how many to return at most
     * @param excluded {@code true} for indices never to return
     * @return indices, best first; ties go to the smaller index
     */
    static int[] select(float[] scores, int k, boolean[] excluded) {
        PriorityQueue<Integer> worstFirst = new PriorityQueue<>((a, b) -> scores[a] != scores[b]
                ? Float.compare(scores[a], scores[b]) : Integer.compare(b, a));
        for (int i = 0; i < scores.length; i++) {
            if (excluded[i] || Float.isNaN(scores[i])) {
                continue;
            }
            worstFirst.add(i);
            if (worstFirst.size() > k) {
                worstFirst.poll();
            }
        }
        int[] top = new int[worstFirst.size()];
        for (int r = top.length - 1; r >= 0; r--) {
            top[r] = worstFirst.poll();
        }
        return top;
    }

    /** Indices of {@code values} sorted by value, largest first (stable for ties). */
    static Integer[] descending(float[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
        return order;
    }
}
