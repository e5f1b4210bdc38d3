package io.opencvm.vmm;

/**
 * A failed call to a node. dstack-vmm answers every RPC failure with HTTP 400 and only a message,
 * so {@link Kind#REJECTED} carries the node's text; the other kinds say the call never got an answer.
 */
public class VmmException extends RuntimeException {

    public enum Kind {
        /** HTTP 400 {"error": …}: the node refused the request. */
        REJECTED,
        /** HTTP 401: the node wants another token. */
        UNAUTHORIZED,
        /** Connection refused, reset or timed out: the node may or may not have acted. */
        UNREACHABLE,
        /** Anything else: an unexpected status or a body that is not the protocol. */
        PROTOCOL
    }

    private final Kind kind;

    public VmmException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Worth retrying later: the node did not (or could not) give a definitive answer. */
    public boolean retryable() {
        return kind == Kind.UNREACHABLE || kind == Kind.PROTOCOL;
    }
}
