package io.naisrec.data;

/**
 * Sorts a range of a history by time, stably (equal times keep their order, which is line
 * order), moving items and times together: a merge sort on primitives with buffers for the
 * longest history, and nothing to do for a range already in time order.
 */
final class HistorySort {

    private static final int INSERTION_MAX = 24;

    private final int[] itemBuffer;
    private final long[] timeBuffer;

    /** A sorter for ranges of at most {@code longest} interactions. */
    HistorySort(int longest) {
        this.itemBuffer = new int[longest];
        this.timeBuffer = new long[longest];
    }

    /** Sorts {@code items} and {@code times} from {@code from} to {@code to} by time. */
    void byTime(int[] items, long[] times, int from, int to) {
        int at = from + 1;
        while (at < to && times[at - 1] <= times[at]) {
            at++;
        }
        if (at < to) {
            mergeSort(items, times, from, to);
        }
    }

    private void mergeSort(int[] items, long[] times, int from, int to) {
        if (to - from <= INSERTION_MAX) {
            insertionSort(items, times, from, to);
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(items, times, from, middle);
        mergeSort(items, times, middle, to);
        if (times[middle - 1] <= times[middle]) {
            return;
        }
        int left = middle - from;
        System.arraycopy(items, from, itemBuffer, 0, left);
        System.arraycopy(times, from, timeBuffer, 0, left);
        int i = 0;
        int j = middle;
        int out = from;
        while (i < left && j < to) {
            if (times[j] < timeBuffer[i]) {
                items[out] = items[j];
                times[out++] = times[j++];
            } else {
                items[out] = itemBuffer[i];
                times[out++] = timeBuffer[i++];
            }
        }
        while (i < left) {
            items[out] = itemBuffer[i];
            times[out++] = timeBuffer[i++];
        }
    }

    private static void insertionSort(int[] items, long[] times, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            int item = items[k];
            long time = times[k];
            int at = k - 1;
            while (at >= from && times[at] > time) {
                items[at + 1] = items[at];
                times[at + 1] = times[at];
                at--;
            }
            items[at + 1] = item;
            times[at + 1] = time;
        }
    }
}
