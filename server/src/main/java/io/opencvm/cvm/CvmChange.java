package io.opencvm.cvm;

import io.opencvm.node.Resources;

/**
 * What an update asks of a CVM: the app revision it should run ({@code composeHash}, already recorded for its app)
 * and, when not null, a new encrypted env (hex), new resources and a new OS image. Nothing here is applied before
 * the node's {@code UpdateVm}; the row says what is wanted and the {@code update} operation carries it out.
 */
public record CvmChange(String composeHash, String encryptedEnv, Resources resources, String image) {

    /** The CVM as it is, with only {@code resources} and {@code image} (each null: kept) changed. */
    public static CvmChange machine(Cvm cvm, Resources resources, String image) {
        return new CvmChange(cvm.composeHash(), null, resources, image);
    }

    @Override
    public String toString() {
        return "CvmChange[" + composeHash + " " + resources + " " + image + "]"; // never the encrypted env
    }
}
