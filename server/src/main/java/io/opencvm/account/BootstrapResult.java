package io.opencvm.account;

/**
 * What {@link AccountService#bootstrap} did. {@code generatedKey} is set only when a key was made up
 * (it must then be shown once); {@code knownKeyRevoked} when the configured key exists but was revoked.
 */
record BootstrapResult(boolean createdAccount, boolean addedKnownKey, boolean knownKeyRevoked, String generatedKey) {

    static BootstrapResult nothing() {
        return new BootstrapResult(false, false, false, null);
    }

    @Override
    public String toString() {
        return "BootstrapResult[createdAccount=" + createdAccount + ", addedKnownKey=" + addedKnownKey
                + ", knownKeyRevoked=" + knownKeyRevoked + ", generatedKey=" + (generatedKey == null ? "none" : "<hidden>") + "]";
    }
}
