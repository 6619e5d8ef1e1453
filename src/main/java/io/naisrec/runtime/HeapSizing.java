package io.naisrec.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Keeps the JVM's heap near what it holds. By default HotSpot commits 1/64 of the machine's memory
 * at start (384 MB on a 24 GB machine) and G1 lets its young generation fill most of it before
 * collecting, so a command whose live objects take 20 MB touches 250 MB of heap. At start this
 * sets the heap's free-ratio bounds ({@code MinHeapFreeRatio} {@value #MIN_FREE_PERCENT},
 * {@code MaxHeapFreeRatio} {@value #MAX_FREE_PERCENT}, both manageable at run time) and collects
 * once, which gives the unused heap back; from then on the heap grows as the collector needs and
 * shrinks again at its full collections and marking cycles (docs/BENCHMARKS.md, round 7). A user's
 * own heap settings ({@code -Xms}, {@code -XX:MinHeapFreeRatio}, {@code -XX:MaxHeapFreeRatio})
 * leave it all alone.
 */
public final class HeapSizing {

    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 20;
    private static final List<String> USER_SETTINGS = List.of("InitialHeapSize",
            "MinHeapFreeRatio", "MaxHeapFreeRatio");

    private HeapSizing() {}

    /**
     * Applies the bounds and collects once; call it at start, before the work.
     *
     * @return whether it did: false when the user set the heap's size or bounds, or off HotSpot
     */
    public static boolean keepSmall() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(
                    HotSpotDiagnosticMXBean.class);
            if (hotspot == null || USER_SETTINGS.stream().map(hotspot::getVMOption)
                    .anyMatch(o -> o.getOrigin() != VMOption.Origin.DEFAULT
                            && o.getOrigin() != VMOption.Origin.ERGONOMIC)) {
                return false;
            }
            hotspot.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
            hotspot.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
        } catch (IllegalArgumentException | UnsupportedOperationException
                | SecurityException e) {
            return false;
        }
        System.gc();
        return true;
    }
}
