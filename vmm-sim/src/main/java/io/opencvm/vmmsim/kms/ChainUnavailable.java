package io.opencvm.vmmsim.kms;

/**
 * The chain could not answer a view call: the JSON-RPC endpoint is unreachable, timed out, or replied with
 * something other than a result or a revert. A revert is not this: it reads as {@code false}.
 */
public final class ChainUnavailable extends RuntimeException {

    public ChainUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
