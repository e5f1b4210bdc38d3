package io.opencvm.kms;

/**
 * The chain's JSON-RPC endpoint could not be asked (unreachable, timed out, or answered with a
 * transport-level error). Distinct from "not allowed": callers must not treat it as a policy answer.
 */
public class ChainUnavailable extends RuntimeException {

    public ChainUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
