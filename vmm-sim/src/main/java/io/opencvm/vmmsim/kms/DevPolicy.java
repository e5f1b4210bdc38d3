package io.opencvm.vmmsim.kms;

/** {@code auth_api.type = "dev"}: every boot is allowed. */
public final class DevPolicy implements BootPolicy {

    @Override
    public BootDecision evaluate(BootInfo info) {
        return BootDecision.allow();
    }

    @Override
    public boolean isDev() {
        return true;
    }
}
