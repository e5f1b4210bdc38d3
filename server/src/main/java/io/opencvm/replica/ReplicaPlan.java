package io.opencvm.replica;

import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.cvm.Cvm;
import io.opencvm.kms.Kms;
import io.opencvm.node.Node;

/**
 * Everything a replica will be, decided before anything is written: the CVM it copies ({@code template}:
 * the source, or a live instance of the chosen revision), the compose it boots and whether that is a new revision of
 * the app (a new instance given its own compose), the target node and why, and the encrypted env (hex) it will boot
 * with. {@code kms} is the app's KMS, null when none is recorded.
 */
record ReplicaPlan(Cvm source, Cvm template, App app, Kms kms, AppCompose compose, boolean newRevision, Node target,
                   boolean movedFromSource, String placementReason, String encryptedEnv) {

    String composeHash() {
        return compose.hash();
    }

    @Override
    public String toString() {
        return "ReplicaPlan[" + source.name() + " -> node " + target.id() + " hash " + compose.hash()
                + (newRevision ? " (new)" : "") + "]";
    }
}
