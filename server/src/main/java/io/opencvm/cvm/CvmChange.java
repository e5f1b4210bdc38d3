package io.opencvm.cvm;

import io.opencvm.node.Resources;

/**
 * What an update asks of a CVM: the app revision it should run ({@code composeHash}, already recorded for its app)
 * and, when not null, a new encrypted env (hex) and new resources. Nothing here is applied before the node's
 * {@code UpdateVm}; the row says what is wanted and the {@code update} operation carries it out.
 */
public record CvmChange(String composeHash, String encryptedEnv, Resources resources) {

    @Override
    public String toString() {
        return "CvmChange[" + composeHash + " " + resources + "]"; // never the encrypted env
    }
}
