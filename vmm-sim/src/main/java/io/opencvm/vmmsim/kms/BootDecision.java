package io.opencvm.vmmsim.kms;

/** The auth API's answer to one boot: allowed, or denied with the reason string the contract would return. */
public record BootDecision(boolean allowed, String reason) {

    public static BootDecision allow() {
        return new BootDecision(true, "");
    }

    public static BootDecision deny(String reason) {
        return new BootDecision(false, reason);
    }
}
