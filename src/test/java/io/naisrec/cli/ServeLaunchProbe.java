package io.naisrec.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@link ServeLaunchTest}: has eight threads allocate at once (each new
 * thread takes an arena of its own while glibc's cap allows), then prints the process's malloc
 * arenas (counted in {@code malloc_info}'s report), its collectors and its maximum heap:
 * {@code arenas=<n> collectors=<names> max_heap_mb=<MiB>}.
 */
public final class ServeLaunchProbe {

    private static final int THREADS = 8;

    private ServeLaunchProbe() {}

    /** The C library's allocator report and the calls to write it to a file. */
    public interface CLibrary extends Library {
        /** fopen. */
        Pointer fopen(String path, String mode);

        /** fclose. */
        int fclose(Pointer file);

        /** malloc_info. */
        int malloc_info(int options, Pointer file);

        /** malloc. */
        Pointer malloc(long size);

        /** free. */
        void free(Pointer pointer);
    }

    /** The first argument is a file for malloc_info's report. */
    public static void main(String[] args) throws Exception {
        CLibrary c = Native.load("c", CLibrary.class);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                List<Pointer> blocks = new ArrayList<>();
                for (int b = 0; b < 64; b++) {
                    blocks.add(c.malloc(4096));
                }
                blocks.forEach(c::free);
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Pointer file = c.fopen(args[0], "w");
        c.malloc_info(0, file);
        c.fclose(file);
        long arenas = Files.readAllLines(Path.of(args[0])).stream()
                .filter(line -> line.startsWith("<heap nr=")).count();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(","));
        System.out.println("arenas=" + arenas + " collectors=" + collectors + " max_heap_mb="
                + (Runtime.getRuntime().maxMemory() >> 20));
    }
}
