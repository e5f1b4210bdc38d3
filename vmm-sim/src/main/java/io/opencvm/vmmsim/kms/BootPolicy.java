package io.opencvm.vmmsim.kms;

/** The KMS's pluggable auth API ({@code [core.auth_api]}): decides whether an app may receive its keys. */
public interface BootPolicy {

    BootDecision evaluate(BootInfo info);

    /** {@code GetMeta.is_dev}; only the dev policy says yes. */
    default boolean isDev() {
        return false;
    }
}
