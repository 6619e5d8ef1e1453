package io.naisrec.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory: the JVM heap (live and peak) and the resident set from /proc. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /**
     * Heap still in use after the most recent garbage collection of each heap pool (the live
     * set, free of the sawtooth of allocation), or the current use before any collection.
     */
    public static long liveHeapMb() {
        long afterGc = 0;
        long now = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                MemoryUsage collected = pool.getCollectionUsage();
                afterGc += collected != null ? collected.getUsed() : 0;
                now += pool.getUsage().getUsed();
            }
        }
        return (afterGc > 0 ? afterGc : now) >> 20;
    }

    /** The sum of the heap pools' peak use. */
    public static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** Resident set size now ({@code VmRSS}), or −1 without /proc. */
    public static long residentMb() {
        return statusMb("VmRSS:");
    }

    /** Resident anonymous memory ({@code RssAnon}: heap, malloc, thread stacks), or −1. */
    public static long residentAnonymousMb() {
        return statusMb("RssAnon:");
    }

    /** Resident file-backed memory ({@code RssFile}: the mapped libraries and jars), or −1. */
    public static long residentFileMb() {
        return statusMb("RssFile:");
    }

    /** The heap the JVM has committed (reserved from the system), live or not. */
    public static long committedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
    }

    /** Peak resident set size ({@code VmHWM}), or −1 without /proc. */
    public static long peakResidentMb() {
        return statusMb("VmHWM:");
    }

    /**
     * Starts a new peak: sets {@code VmHWM} to the resident set now (Linux's
     * {@code /proc/self/clear_refs}), so that {@link #peakResidentMb()} is the peak of what
     * follows.
     *
     * @return whether it could (false without /proc or when it is not writable)
     */
    public static boolean resetPeakResident() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
