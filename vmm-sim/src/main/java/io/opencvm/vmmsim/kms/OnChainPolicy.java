package io.opencvm.vmmsim.kms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth-eth decision: {@code DstackKms.isAppAllowed} followed by {@code DstackApp.isAppAllowed}, with the
 * contracts' reason strings and order. Unlike auth-simple, an empty device list denies every device unless
 * {@code allowAnyDevice} is set. When the chain cannot be read ({@link ChainUnavailable}) the boot is denied
 * with auth-eth's {@code authorization backend unavailable}; the cause goes to the log only, as in auth-eth.
 */
public final class OnChainPolicy implements BootPolicy {

    static final String BACKEND_UNAVAILABLE = "authorization backend unavailable";
    private static final Logger LOG = LoggerFactory.getLogger(OnChainPolicy.class);

    private final ContractReader contract;

    public OnChainPolicy(ContractReader contract) {
        this.contract = contract;
    }

    @Override
    public BootDecision evaluate(BootInfo info) {
        try {
            return decide(info);
        } catch (ChainUnavailable e) {
            LOG.warn("on-chain authorization of app {} failed: {}", info.appId(), e.getMessage());
            return BootDecision.deny(BACKEND_UNAVAILABLE);
        }
    }

    private BootDecision decide(BootInfo info) {
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
