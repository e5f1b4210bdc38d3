package io.opencvm.cvm;

import io.opencvm.node.Resources;

/**
 * What a CVM runs: the app revision ({@code composeHash}), the OS image, the instance type (null when sized by
 * hand), its resources, the encrypted env (hex as received, or null) and whether it is listed publicly.
 */
public record CvmSpec(String composeHash, String image, String instanceType, Resources resources, String encryptedEnv,
                      boolean listed) {

    /** The same spec with {@code encryptedEnv} (hex, or null). */
    public CvmSpec withEncryptedEnv(String env) {
        return new CvmSpec(composeHash, image, instanceType, resources, env, listed);
    }

    @Override
    public String toString() {
        return "CvmSpec[" + composeHash + " " + image + " " + resources + "]"; // never the encrypted env
    }
}
