package io.opencvm.vmmsim.prpc;

/**
 * A failed RPC. The message is the whole anyhow-style context chain joined by {@code ": "}, because that string
 * is all a real dstack service ever tells its client (always HTTP 400, no error code).
 */
public final class RpcError extends RuntimeException {

    public RpcError(String message) {
        super(message, null, false, false);
    }

    /** Adds an outer context, as anyhow's {@code .context("…")} does. */
    public RpcError within(String context) {
        return new RpcError(context + ": " + getMessage());
    }
}
