package io.opencvm.provision;

import io.opencvm.api.Tenancy;
import io.opencvm.cvm.CvmSpec;
import java.time.Instant;

/**
 * A provisioned, not yet committed CVM: everything {@code POST /cvms} needs, for 24 hours. {@code spec} is what
 * the CVM will run (its env arrives with the commit); {@code app} the app it will belong to.
 */
record Provision(long id, long workspaceId, long userId, String name, long nodeId, App app, CvmSpec spec,
                 Instant createdAt, Instant expiresAt) implements Tenancy.Owned {

    /**
     * The app as provisioned: its id (under an on-chain KMS a stand-in until the commit names the contract), the
     * exact app-compose.json text, its KMS and the KMS's env key for it (null while the app id is not known).
     */
    record App(String appId, String composeFile, Long kmsPk, String envPubkey) {
    }

    String composeHash() {
        return spec.composeHash();
    }

    @Override
    public String toString() {
        return "Provision[" + id + " " + name + " app " + app.appId() + "]";
    }
}
