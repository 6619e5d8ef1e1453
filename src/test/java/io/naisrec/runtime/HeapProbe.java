package io.naisrec.runtime;

/**
 * Run in a child JVM by {@link HeapSizingTest}: applies {@link HeapSizing#keepSmall()} and prints
 * the committed heap before and after, {@code applied=<bool> before=<MiB> after=<MiB>}.
 */
public final class HeapProbe {

    private HeapProbe() {}

    /** No arguments. */
    public static void main(String[] args) {
        long before = ProcessMemory.committedHeapMb();
        boolean applied = HeapSizing.keepSmall();
        System.out.println("applied=" + applied + " before=" + before + " after="
                + ProcessMemory.committedHeapMb());
    }
}
