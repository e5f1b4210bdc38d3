package io.opencvm.guest;

import io.opencvm.vmm.VmmMessages.MetaResponse;

/**
 * Where a node's dstack-gateway publishes its guests: {@code https://<id>-<port>.<baseDomain>/}. A simulated node
 * on loopback also names the stand-in that answers for those host names ({@code loopbackUrl}, or null).
 */
record GuestGateway(String baseDomain, int agentPort, String loopbackUrl) {

    static GuestGateway of(MetaResponse meta) {
        if (meta == null || meta.gateway() == null) {
            return null;
        }
        return new GuestGateway(meta.gateway().baseDomain(), meta.gateway().agentPort(), meta.gatewayLoopbackUrl());
    }

    /** The base URL of port {@code port} of an instance or app ({@code id}), without a trailing slash. */
    String url(String id, int port) {
        if (loopbackUrl != null && !loopbackUrl.isBlank()) {
            return loopbackUrl.replaceAll("/+$", "") + "/" + id + "-" + port;
        }
        return "https://" + id + "-" + port + "." + baseDomain;
    }

    /** The guest agent's public routes of one instance ({@code /logs/<container>}, {@code /metrics}). */
    String agentUrl(String instanceId) {
        return url(instanceId, agentPort);
    }
}
