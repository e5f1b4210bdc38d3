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

    static Outcome done() {
        return new Done();
    }

    static Outcome fail(String reason) {
        return new Fail(reason);
    }

    static Outcome retry(String reason) {
        return new Retry(reason);
    }
}
