package io.opencvm.vmmsim.kms;

/**
 * The auth-eth decision: {@code DstackKms.isAppAllowed} followed by {@code DstackApp.isAppAllowed}, with the
 * contracts' reason strings and order. Unlike auth-simple, an empty device list denies every device unless
 * {@code allowAnyDevice} is set.
 */
public final class OnChainPolicy implements BootPolicy {

    private final ContractReader contract;

    public OnChainPolicy(ContractReader contract) {
        this.contract = contract;
    }

    @Override
    public BootDecision evaluate(BootInfo info) {
        if (!contract.registeredApp(info.appId())) {
            return BootDecision.deny("App not registered");
        }
        if (!contract.allowedOsImage(info.osImageHash())) {
            return BootDecision.deny("OS image is not allowed");
        }
        if (contract.requireTcbUpToDate(info.appId()) && !"UpToDate".equals(info.tcbStatus())) {
            return BootDecision.deny("TCB status is not up to date");
        }
        if (!contract.allowedComposeHash(info.appId(), info.composeHash())) {
            return BootDecision.deny("Compose hash not allowed");
        }
        if (!contract.allowAnyDevice(info.appId()) && !contract.allowedDevice(info.appId(), info.deviceId())) {
            return BootDecision.deny("Device not allowed");
        }
        return BootDecision.allow();
    }
}
