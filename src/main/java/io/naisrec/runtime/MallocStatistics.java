package io.naisrec.runtime;

import com.sun.jna.Structure;

/**
 * glibc's {@code struct mallinfo2} (glibc 2.33 and later), what {@code mallinfo2()} returns: the
 * allocator's own account of its memory. Public with public fields because JNA maps it by
 * reflection; read it through {@link NativeAllocator}.
 */
@Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
    "uordblks", "fordblks", "keepcost"})
public class MallocStatistics extends Structure implements Structure.ByValue {
    /** Bytes obtained for the arenas (not mmapped blocks). */
    public long arena;
    /** Free chunks. */
    public long ordblks;
    /** Free fastbin blocks. */
    public long smblks;
    /** Blocks in their own mappings. */
    public long hblks;
    /** Bytes in their own mappings. */
    public long hblkhd;
    /** Unused (always 0). */
    public long usmblks;
    /** Bytes in free fastbin blocks. */
    public long fsmblks;
    /** Bytes in use in the arenas. */
    public long uordblks;
    /** Bytes free in the arenas, kept by the allocator (resident or not). */
    public long fordblks;
    /** Bytes at the top of the main arena that a trim could release. */
    public long keepcost;

    /** Bytes in use: in the arenas and in blocks of their own. */
    public long inUseBytes() {
        return uordblks + hblkhd;
    }
}
