package io.naisrec.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress line's rates and time left. */
class ProgressLogListenerTest {

    @Test
    void ratesAndTimeLeftFollowFromTheWorkDone() {
        // a quarter of the batches in 60 s: three times as long again to go
        assertEquals("epoch 2/5: 25.0% of batches (250 of 1,000), 1,000 rows/s, 150,000 pairs/s, "
                + "RSS 1,234 MB, about 180 s left",
                ProgressLogListener.line(2, 5, 250, 1000, 60_000, 9_000_000, 60, 1234));
    }
}
