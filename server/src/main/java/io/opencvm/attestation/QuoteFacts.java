package io.opencvm.attestation;

import java.util.List;

/**
 * What a parsed quote and its event log say, in lower-case hex; whether to believe it is the verdict's business.
 *
 * @param rtmrs RTMR0..3 from the quote
 * @param ppid from the PCK leaf's SGX extension, {@code null} if absent
 * @param deviceId {@code sha256(ppid)}, dstack's device id on TDX
 * @param mrAggregated dstack's {@code mr_aggregated} over the quote's MRTD, RTMRs (and config ids when non-zero)
 * @param appId from the event log's {@code app-id} event (likewise {@code composeHash}, {@code instanceId})
 * @param keyProvider the {@code key-provider} event's JSON text
 */
public record QuoteFacts(String mrtd, List<String> rtmrs, String reportData, String ppid, String deviceId,
        String fmspc, String mrAggregated, String appId, String composeHash, String instanceId, String osImageHash,
        String keyProvider) {

    public QuoteFacts {
        rtmrs = List.copyOf(rtmrs);
    }
}
