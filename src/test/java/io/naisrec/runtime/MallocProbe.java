package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * Run in a child JVM by {@link NativeAllocatorTest}: optionally applies
 * {@link NativeAllocator#configure()}, then allocates 24 MiB with malloc and prints how much of
 * the process's memory glibc holds in mmapped blocks before and after (mallinfo2's
 * {@code hblkhd}), and whether the trim thread runs:
 * {@code configured=<bool> mmapped=<bytes added> trimmer=<bool>}.
 */
public final class MallocProbe {

    private static final long BLOCK = 24L << 20;

    private MallocProbe() {}

    /** glibc's mallinfo2 (glibc 2.33+): ten size_t fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
        "fsmblks", "uordblks", "fordblks", "keepcost"})
    public static class MallInfo extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    /** The C library's allocator and its statistics. */
    public interface CLibrary extends Library {
        /** glibc's mallinfo2. */
        MallInfo mallinfo2();

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
    }
}
