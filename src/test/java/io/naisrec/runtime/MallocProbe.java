package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Run in a child JVM by {@link NativeAllocatorTest}: optionally applies
 * {@link NativeAllocator#configure()}, then allocates 24 MiB with malloc and prints how much of
 * the process's memory glibc holds in mmapped blocks before and after (mallinfo2's
 * {@code hblkhd}), and whether the trim thread runs:
 * {@code configured=<bool> mmapped=<bytes added> trimmer=<bool>}. With {@code grow} as the
 * second argument it then touches {@value #GROWTH_BLOCKS} more such blocks, each followed by a
 * 1 MiB block that stays (so that the freed ones are holes the heap cannot shrink past), frees
 * the large ones and prints
 * the resident set (MiB) before, just after the frees, and seconds later:
 * {@code resident=<before> freed=<after the frees> later=<seconds later>}.
 */
public final class MallocProbe {

    private static final long BLOCK = 24L << 20;
    private static final int GROWTH_BLOCKS = 12;

    private MallocProbe() {}

    /** The C library's allocator and its statistics. */
    public interface CLibrary extends Library {
        /** glibc's mallinfo2. */
        MallocStatistics mallinfo2();

        /** malloc. */
        Pointer malloc(long size);

        /** free. */
        void free(Pointer pointer);
    }

    /** {@code configure} as the first argument applies the tuning first. */
    public static void main(String[] args) throws Exception {
        boolean configured = args.length > 0 && args[0].equals("configure")
                && NativeAllocator.configure();
        CLibrary c = Native.load("c", CLibrary.class);
        long before = c.mallinfo2().hblkhd;
        Pointer block = c.malloc(BLOCK);
        block.setByte(BLOCK - 1, (byte) 1);
        long after = c.mallinfo2().hblkhd;
        c.free(block);
        boolean trimmer = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("nais-malloc-trim"));
        System.out.println("configured=" + configured + " mmapped=" + (after - before)
                + " trimmer=" + trimmer);
        if (args.length > 1 && args[1].equals("grow")) {
            long resident = ProcessMemory.residentMb();
            Pointer[] blocks = new Pointer[GROWTH_BLOCKS];
            Pointer[] pins = new Pointer[GROWTH_BLOCKS];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = c.malloc(BLOCK);
                blocks[b].setMemory(0, BLOCK, (byte) 1);
                pins[b] = c.malloc(1 << 20);
            }
            for (Pointer p : blocks) {
                c.free(p);
            }
            long freed = ProcessMemory.residentMb();
            Thread.sleep(NativeAllocator.MIN_GROWTH_TRIM_MILLIS + 2_000);
            System.out.println("resident=" + resident + " freed=" + freed + " later="
                    + ProcessMemory.residentMb());
        }
    }
}
