package io.naisrec.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in a child JVM by {@link PreloadedAllocatorTest}: runs itself again under tcmalloc as the
 * CLI does, and in the process that does the work prints whether tcmalloc is mapped and its pid:
 * {@code tcmalloc=<bool> pid=<n>}; then exits with {@code args[0]} as its code, or with
 * {@code sleep}, sleeps for two minutes.
 */
public final class RelaunchProbe {

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
        if (args[0].equals("sleep")) {
            Thread.sleep(120_000);
            System.exit(0);
        }
        System.exit(Integer.parseInt(args[0]));
    }
}
