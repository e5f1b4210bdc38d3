package io.opencvm.vmmsim.prpc;

/**
 * What a {@link PrpcServer} asks before and after each pRPC call, so that faults can be injected at run time
 * (see the {@code fault} package). The default does nothing.
 */
public interface CallFaults {

    CallFaults NONE = new CallFaults() {
    };

    /**
     * Before method {@code method} runs: may delay or hold the call; returns the answer to send instead of
     * running it, or {@code null} to run it.
     */
    default Answer beforeCall(String method) {
        return null;
    }

    /** After the method ran and before its reply is sent: may hold the reply. */
    default void afterCall(String method) {
    }

    /** Bytes per second to trickle the reply of {@code method} at; 0 sends it at once. */
    default int trickleRate(String method) {
        return 0;
    }

    /** An answer sent in place of running the method. */
    record Answer(int status, String contentType, String body) {
    }
}
