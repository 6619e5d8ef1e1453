package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Platform;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void tunesMallocOnLinuxUnlessTheEnvironmentDoes() {
        boolean tuned = Stream.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_",
                "MALLOC_TRIM_THRESHOLD_").anyMatch(n -> System.getenv(n) != null);
        assertEquals(Platform.isLinux() && !tuned, NativeAllocator.configure());
    }
}
