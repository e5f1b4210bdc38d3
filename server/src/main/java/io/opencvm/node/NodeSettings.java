package io.opencvm.node;

/** What an operator decides about a node, as one row update writes it. */
record NodeSettings(String vmmUrl, String vmmToken, String region, boolean listed, boolean openToAll, Long kmsId,
                    Resources capacity, String deviceId) {

    static NodeSettings of(Node n) {
        return new NodeSettings(n.vmmUrl(), n.vmmToken(), n.region(), n.listed(), n.openToAll(), n.kmsId(),
                n.capacity(), n.deviceId());
    }
}
