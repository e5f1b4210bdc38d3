package io.opencvm.kms;

/** What kind of account owns an app contract ({@code deployer_type} of {@code AppKmsInfoResponse}). */
public enum DeployerKind {
    EOA("eoa"), SAFE("safe"), LEGACY_MULTISIG("legacy_multisig"), ERC4337("erc4337"), CONTRACT("contract");

    private final String wire;

    DeployerKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isContract() {
        return this != EOA;
    }
}
