package io.opencvm.vmmsim.guest;

import com.sun.net.httpserver.HttpExchange;
import io.opencvm.vmmsim.prpc.LoopbackListener;
import io.opencvm.vmmsim.prpc.QueryString;
import io.opencvm.vmmsim.prpc.StreamPool;
import io.opencvm.vmmsim.prpc.StreamRoute;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dstack-gateway stand-in on its own loopback port, for the guest agents of one node's VMs. The real gateway
 * routes {@code https://<id>-<port>[s|g].<base_domain>/…} by TLS SNI to the instance (an instance id) or to one of
 * the app's instances (an app id) over WireGuard. Such names cannot resolve on loopback, so this one accepts the
 * same name two ways:
 * <ul>
 *   <li>by {@code Host}: {@code Host: <id>-<port>.<base_domain>} → path unchanged (the real form, e.g. with
 *       {@code curl --resolve}),</li>
 *   <li>by path: {@code http://127.0.0.1:<port>/<id>-<port>/<path>} ≡ {@code https://<id>-<port>.<base_domain>/<path>}.</li>
 * </ul>
 * Only the guest agent's port ({@code agent_port}, 8090) is served; another port answers 502 because the simulator
 * runs no app containers. Plain HTTP, no TLS.
 */
public final class SimulatedGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGateway.class);
    /** {@code parse_dst_info}: an id, an optional {@code -<port>} (80 by default, 443 with {@code s}), a suffix. */
    private static final Pattern TARGET = Pattern.compile("([0-9a-fA-F]{40})(?:-([0-9]{1,5}))?([sg]?)");

    private final LoopbackListener listener;
    private final StreamPool streams;
    private final String baseDomain;
    private final int agentPort;
    private final GuestDirectory guests;
    private final GuestAgentHttp agent;

    public SimulatedGateway(String baseDomain, int agentPort, GuestDirectory guests, GuestAgentHttp agent,
            StreamLimits limits) {
        this.baseDomain = baseDomain.toLowerCase(Locale.ROOT);
        this.agentPort = agentPort;
        this.guests = guests;
        this.agent = agent;
        streams = new StreamPool("gateway-" + baseDomain, limits.maxStreams());
        listener = new LoopbackListener(0, 2, "gateway-" + baseDomain, this::handle);
    }

    public void start() {
        listener.start();
    }

    /** {@code http://127.0.0.1:<port>}; {@code <base>/<id>-<agent_port>/} is a guest agent's root. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.port());
    }

    @Override
    public void close() {
        listener.close();
        streams.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean handedOff = false;
        try {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = QueryString.parse(exchange.getRequestURI().getRawQuery());
            String name = hostTarget(exchange.getRequestHeaders().getFirst("Host"));
            if (name == null && path.length() > 1) {
                int slash = path.indexOf('/', 1);
                name = slash < 0 ? path.substring(1) : path.substring(1, slash);
                path = slash < 0 ? "/" : path.substring(slash);
            }
            handedOff = streams.answer(exchange, route(name, exchange.getRequestMethod(), path, query));
        } catch (RuntimeException e) {
            LOG.warn("gateway request failed", e);
        } finally {
            if (!handedOff) {
                exchange.close();
            }
        }
    }

    private StreamRoute.Opened route(String name, String method, String path, Map<String, String> query) {
        Matcher m = name == null ? null : TARGET.matcher(name);
        if (m == null || !m.matches()) {
            return StreamRoute.Opened.reply(404, "404: Not Found");
        }
        String vmId = guests.routeGatewayId(m.group(1).toLowerCase(Locale.ROOT));
        if (vmId == null) {
            return StreamRoute.Opened.reply(404, "no instance of " + m.group(1) + " is registered");
        }
        int port = m.group(2) != null ? Integer.parseInt(m.group(2)) : m.group(3).equals("s") ? 443 : 80;
        if (port != agentPort) {
            return StreamRoute.Opened.reply(502, "502: Bad Gateway");
        }
        return agent.handle(vmId, method, path, query);
    }

    /** The target label of {@code <target>.<base_domain>[:port]}, or null for any other host. */
    private String hostTarget(String host) {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        String suffix = "." + baseDomain;
        return h.endsWith(suffix) ? h.substring(0, h.length() - suffix.length()) : null;
    }
}
