package io.naisrec.runtime;

/**
 * A co-tenant for {@code bench --co-tenant}: one thread that keeps one core busy until the
 * process is stopped, as another program on a shared machine would.
 */
public final class BusyLoop {

    private BusyLoop() {}

    /** Spins until killed. */
    public static void main(String[] args) {
        long x = 0;
        while (x != Long.MIN_VALUE) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        System.out.println(x);
    }
}
