package io.opencvm.account;

/** A freshly issued API key: the only moment its plaintext exists outside the caller's hands. */
public record IssuedKey(String publicId, String key, String prefix) {

    @Override
    public String toString() {
        return "IssuedKey[publicId=" + publicId + ", prefix=" + prefix + "]";
    }
}
