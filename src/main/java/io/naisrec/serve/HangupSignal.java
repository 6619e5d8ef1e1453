package io.naisrec.serve;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP as "reload": {@code sun.misc.Signal} of the {@code jdk.unsupported} module (present in
 * every JDK and JRE since 9), reached by reflection so that the build's checks of internal APIs
 * stay strict. Where it is missing (another runtime, Windows, a JVM run with {@code -Xrs}) the
 * handler is not installed and {@link #onHangup} says so; the management API swaps as before.
 */
public final class HangupSignal {

    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {}

    /**
     * Runs {@code action} on each SIGHUP (on a thread of its own, one per signal) instead of
     * the JVM's default (stopping the process).
     *
     * @return whether the handler is installed
     */
    public static boolean onHangup(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hangup = signal.getConstructor(String.class).newInstance("HUP");
            Object proxy = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(),
                    new Class<?>[] {handler}, (self, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == args[0];
                        default -> "nais SIGHUP handler";
                    });
            signal.getMethod("handle", signal, handler).invoke(null, hangup, proxy);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("SIGHUP will not reload the models ({}); use the management API",
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            return false;
        }
    }
}
