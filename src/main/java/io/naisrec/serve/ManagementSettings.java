package io.naisrec.serve;

/**
 * Where the management API of {@code nais serve} listens, validated at construction: a listener
 * of its own, apart from the inference port, so that exposing inference ({@code --host
 * 0.0.0.0}) never exposes model swaps.
 *
 * @param host the address to bind, 127.0.0.1 unless told otherwise
 * @param port the port, 0 for any free one
 */
public record ManagementSettings(String host, int port) {

    /** Checks both fields; the message names the option. */
    public ManagementSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("--management-address must name an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--management-port must be 0 to 65535, got "
                    + port);
        }
    }
}
