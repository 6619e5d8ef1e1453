package io.naisrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void tunesMallocOnLinuxUnlessTheEnvironmentDoes() {
        boolean tuned = NativeAllocator.ENVIRONMENT.stream()
                .anyMatch(n -> System.getenv(n) != null);
        assertEquals(Platform.isLinux() && !tuned, NativeAllocator.configure());
    }
}
