package io.naisrec.runtime;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in a child JVM by {@link PreloadedAllocatorTest}: runs itself again under tcmalloc as the
 * CLI does, and in the process that does the work prints whether tcmalloc is mapped and its pid:
 * {@code tcmalloc=<bool> pid=<n>}; then exits with {@code args[0]} as its code, or with
 * {@code sleep}, sleeps for two minutes, or with {@code release}, frees 256 MiB of touched
 * blocks and prints its resident set before and after tcmalloc's release:
 * {@code freed=<MiB> released=<MiB>}.
 */
public final class RelaunchProbe {

    /** The blocks {@code release} allocates, touches and frees (64 of them). */
    private static final long BLOCK = 4L << 20;

    private RelaunchProbe() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Path> tcmalloc = PreloadedAllocator.toPreload();
        if (tcmalloc.isPresent()) {
            System.exit(PreloadedAllocator.relaunch(tcmalloc.get(), RelaunchProbe.class, args));
        }
        PreloadedAllocator.followParent();
        boolean mapped = Files.readString(Path.of("/proc/self/maps"), StandardCharsets.UTF_8)
                .contains("libtcmalloc");
        System.out.println("tcmalloc=" + mapped + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        if (args[0].equals("release")) {
            long[] blocks = new long[64];
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = Native.malloc(BLOCK);
                new Pointer(blocks[b]).setMemory(0, BLOCK, (byte) 1);
            }
            for (long block : blocks) {
                Native.free(block);
            }
            long freed = ProcessMemory.residentMb();
            PreloadedAllocator.releaseFreeMemory();
            System.out.println("freed=" + freed + " released=" + ProcessMemory.residentMb());
            System.exit(0);
        }
        if (args[0].equals("sleep")) {
            Thread.sleep(120_000);
            System.exit(0);
        }
        System.exit(Integer.parseInt(args[0]));
    }
}
