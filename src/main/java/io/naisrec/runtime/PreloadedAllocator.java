package io.naisrec.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tcmalloc (Debian's {@code libtcmalloc-minimal4}) in place of glibc's malloc for the commands
 * that train and score. Under glibc's malloc a training's freed tensors fragment the arenas, and
 * what keeps its memory down (trims) makes it fault its pages in again, which is slow on a
 * virtual machine; tcmalloc reuses freed blocks by size class and hands free pages back
 * gradually, and measured faster and smaller on every training and {@code bench} run
 * (docs/BENCHMARKS.md, round 9). A library cannot be preloaded into a running JVM, so the
 * command runs again in a child JVM, the same options and arguments, with {@code LD_PRELOAD}
 * set; the parent only waits for it, stops it when it is stopped itself, and exits with its
 * exit code, and the child exits if the parent dies.
 *
 * <p>Only on Linux and only where the library is installed; {@code NAIS_ALLOCATOR=glibc} keeps
 * glibc's malloc (with {@link NativeAllocator}'s tuning).
 */
public final class PreloadedAllocator {

    /** The environment variable that chooses: {@code glibc} keeps glibc's malloc. */
    public static final String VARIABLE = "NAIS_ALLOCATOR";
    /** Its value in a child run under tcmalloc. */
    static final String TCMALLOC = "tcmalloc";
    /** The parent's process id, given to the child. */
    static final String PARENT = "NAIS_ALLOCATOR_PARENT";
    /** The library's file name. */
    static final String LIBRARY = "libtcmalloc_minimal.so.4";
    /** Where Debian and other distributions install it. */
    static final List<String> DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib");

    private static final int PR_SET_PDEATHSIG = 1;
    private static final int SIGTERM = 15;

    private PreloadedAllocator() {}

    /** The C library's {@code prctl}. */
    private interface ProcessControl extends Library {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    }

    /** Whether tcmalloc is this process's allocator (preloaded). */
    public static boolean loaded() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libtcmalloc");
    }

    /**
     * The library to run this command again with: present when on Linux, the library is
     * installed, it is not loaded yet and the environment does not choose glibc.
     */
    public static Optional<Path> toPreload() {
        if (!Platform.isLinux() || loaded() || System.getenv(VARIABLE) != null) {
            return Optional.empty();
        }
        return DIRECTORIES.stream().map(d -> Path.of(d, LIBRARY)).filter(Files::isReadable)
                .findFirst();
    }

    /**
     * Runs {@code mainClass} with {@code args} again in a child JVM (this JVM's options and
     * class path) with {@code library} preloaded, its input and output this process's, and
     * waits for it; stopping this process stops the child (a shutdown hook, left in place: once
     * the child has ended it has nothing to do, and it cannot be removed once this process is
     * stopping).
     *
     * @return the child's exit code
     */
    public static int relaunch(Path library, Class<?> mainClass, String[] args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.merge("LD_PRELOAD", library.toString(), (old, added) -> added + ":" + old);
        environment.put(VARIABLE, TCMALLOC);
        environment.put(PARENT, Long.toString(ProcessHandle.current().pid()));
        environment.putIfAbsent("TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD", Long.toString(1L << 40));
        Process child = builder.start();
        Thread stopChild = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nais-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        return child.waitFor();
    }

    /**
     * In the child that {@link #relaunch} started (not in its own children, which inherit its
     * environment): asks the kernel to stop it (SIGTERM) when the parent dies. Elsewhere,
     * nothing.
     */
    public static void followParent() {
        String parent = System.getenv(PARENT);
        boolean relaunched = Platform.isLinux() && parent != null
                && TCMALLOC.equals(System.getenv(VARIABLE)) && ProcessHandle.current().parent()
                        .map(p -> Long.toString(p.pid()).equals(parent)).orElse(false);
        if (relaunched) {
            Native.load("c", ProcessControl.class).prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        }
    }

    /** Hands tcmalloc's free pages back to the kernel ({@code ReleaseFreeMemory}). */
    static void releaseFreeMemory() {
        NativeLibrary.getProcess().getFunction("MallocExtension_ReleaseFreeMemory")
                .invokeVoid(new Object[0]);
    }
}
