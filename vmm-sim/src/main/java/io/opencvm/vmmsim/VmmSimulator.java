package io.opencvm.vmmsim;

import io.opencvm.vmmsim.guest.GuestAgentHttp;
import io.opencvm.vmmsim.guest.SimulatedGateway;
import io.opencvm.vmmsim.node.Node;
import io.opencvm.vmmsim.node.NodeProfile;
import io.opencvm.vmmsim.node.VmmAuth;
import io.opencvm.vmmsim.node.VmmRpc;
import io.opencvm.vmmsim.prpc.PrpcServer;
import io.opencvm.vmmsim.time.RealTime;
import io.opencvm.vmmsim.time.SimTime;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated dstack-vmm node on 127.0.0.1: the real pRPC API at {@code /prpc}, a simulated guest behind
 * every VM, {@code GET /logs}, the proxied guest API at {@code /guest}, and (unless the profile turns it off) a
 * simulated gateway on its own port to the guest agents. Start with {@link #start(NodeProfile)}; close to stop.
 */
public final class VmmSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VmmSimulator.class);

    private final NodeProfile profile;
    private final SimTime time;
    private final boolean ownsTime;
    private final Node node;
    private final PrpcServer server;
    private final SimulatedGateway gateway;

    private VmmSimulator(NodeProfile profile, SimTime time, boolean ownsTime) {
        this.profile = profile;
        this.time = time;
        this.ownsTime = ownsTime;
        this.node = new Node(profile, time);
        this.server = new PrpcServer(profile.port(), "Teepod.", "v" + profile.version() + " (" + profile.rev() + ")",
                profile.streamLimits().maxStreams());
        this.gateway = profile.gatewayListener() ? new SimulatedGateway(profile.gatewayBaseDomain(),
                profile.gatewayAgentPort(), node.guestDirectory(),
                new GuestAgentHttp(node.guestDirectory(), profile.streamLimits(), time::now),
                profile.streamLimits()) : null;
        new VmmRpc(node, gateway == null ? null : gateway.baseUri().toString()).register(server);
        if (profile.authToken() != null) {
            server.guard(new VmmAuth(profile.authToken(), profile.generation()));
        }
    }

    /** Starts a node on wall-clock time. */
    public static VmmSimulator start(NodeProfile profile) {
        return start(profile, new RealTime(profile.name()), true);
    }

    /** Starts a node on the given time (e.g. a {@code ManualTime} a test steps); the caller keeps owning it. */
    public static VmmSimulator start(NodeProfile profile, SimTime time) {
        return start(profile, time, false);
    }

    private static VmmSimulator start(NodeProfile profile, SimTime time, boolean ownsTime) {
        VmmSimulator sim = new VmmSimulator(profile, time, ownsTime);
        sim.node.open();
        sim.server.start();
        if (sim.gateway != null) {
            sim.gateway.start();
            LOG.info("VMM simulator {} listening on {}, its gateway on {}", profile.name(), sim.baseUri(),
                    sim.gateway.baseUri());
        } else {
            LOG.info("VMM simulator {} listening on {}", profile.name(), sim.baseUri());
        }
        return sim;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}; the control plane appends {@code /prpc/<Method>?json}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * The simulated gateway ({@code http://127.0.0.1:<port>}): a guest agent's root is {@code
     * <gateway>/<instance_id or app_id>-<agent_port>/}; {@code null} when the profile runs none.
     */
    public URI gatewayUri() {
        return gateway == null ? null : gateway.baseUri();
    }

    public NodeProfile profile() {
        return profile;
    }

    /** Simulates a dstack-vmm restart: persisted state kept, live VMs re-adopted, events dropped. */
    public void restartVmm() {
        node.restartVmm();
    }

    /** Ends VM {@code id}'s process as if QEMU died on its own; false if it was not running. */
    public boolean crashVm(String id) {
        return node.crash(id);
    }

    /** The env the guest of VM {@code id} decrypted at its last boot ({@code null} for an unknown VM). */
    public Map<String, String> decryptedEnv(String id) {
        return node.decryptedEnv(id);
    }

    @Override
    public void close() {
        server.close();
        if (gateway != null) {
            gateway.close();
        }
        if (ownsTime) {
            time.close();
        }
    }
}
