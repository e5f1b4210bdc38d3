package io.opencvm.operation;

/** What a handler made of one attempt; the engine turns it into the operation's next state. */
public sealed interface Outcome {

    /** The operation did what it was for. */
    record Done() implements Outcome {
    }

    /** The attempt failed in a way worth retrying (the node did not answer, or answered garbage). */
    record Retry(String reason) implements Outcome {
    }

    /** The operation cannot succeed (the node refused it); {@code reason} is the node's message. */
    record Fail(String reason) implements Outcome {
    }

    /**
     * The attempt cannot tell yet whether an earlier one acted (its call to the node got no answer and the node
     * may still be working through it): look again shortly. A wait is not a failed attempt and does not use up
     * the retry budget; the handler bounds how long it waits.
     */
    record Wait(String reason) implements Outcome {
    }

    static Outcome done() {
        return new Done();
    }

    static Outcome fail(String reason) {
        return new Fail(reason);
    }

    static Outcome retry(String reason) {
        return new Retry(reason);
    }

    static Outcome waitFor(String reason) {
        return new Wait(reason);
    }
}
