package io.opencvm.node;

/**
 * What an operator decides about a node: where its VMM is reached (and the token for it), its region, whether it is
 * listed and open to every workspace, its KMS, its capacity, and its device id (a probe that reports one replaces it).
 */
public record NodeSettings(String vmmUrl, String vmmToken, String region, boolean listed, boolean openToAll,
                           Long kmsId, Resources capacity, String deviceId) {

    @Override
    public String toString() {
        return "NodeSettings[" + vmmUrl + " " + region + " " + capacity + "]"; // never the VMM token
    }
}
