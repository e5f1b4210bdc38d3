package io.opencvm.onchain;

import io.opencvm.node.Resources;

/**
 * What a commit token redeems: for a replica, the source CVM ({@code cvmId}), the target node, revision and env;
 * for an update, the CVM, its node, the revision and, when not null, the new env, resources and OS image.
 */
public record PreparedChange(Purpose purpose, long workspaceId, long cvmId, long nodeId, String composeHash,
                             String encryptedEnv, Resources resources, String image) {

    /** What a token was issued for; a token of one purpose is unknown to the other's commit. */
    public enum Purpose {
        REPLICA, UPDATE;

        String column() {
            return name().toLowerCase();
        }
    }

    @Override
    public String toString() {
        return "PreparedChange[" + purpose + " cvm " + cvmId + " node " + nodeId + " " + composeHash + "]"; // never the env
    }
}
