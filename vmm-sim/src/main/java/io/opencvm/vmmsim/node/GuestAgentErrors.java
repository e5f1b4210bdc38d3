package io.opencvm.vmmsim.node;

/**
 * What the VMM answers when it cannot reach a guest agent over vsock ({@code guest_agent_client} then hyper's
 * connect): the error chain as anyhow prints it. A stopped VM has no vsock device; a booting one has no listener
 * on port 8000 until {@code dstack-guest-agent} starts after {@code dstack-prepare}.
 */
final class GuestAgentErrors {

    static final String NOT_RUNNING = "client error (Connect): No such device (os error 19)";
    static final String NOT_LISTENING = "client error (Connect): Connection reset by peer (os error 104)";

    private GuestAgentErrors() {
    }
}
