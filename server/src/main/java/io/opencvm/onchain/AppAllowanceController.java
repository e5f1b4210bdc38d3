package io.opencvm.onchain;

import io.opencvm.account.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The SDK's {@code checkAppIsAllowed} and {@code checkAppCvmsIsAllowed}, and an app's on-chain KMS facts. */
@RestController
@RequestMapping("/api/v1/apps/{appId}")
class AppAllowanceController {

    private final AppAllowance allowance;

    AppAllowanceController(AppAllowance allowance) {
        this.allowance = allowance;
    }

    @PostMapping("/is-allowed")
    Map<String, Object> isAllowed(Caller caller, @PathVariable String appId, @RequestBody(required = false) JsonNode body) {
        return answer(allowance.isAllowed(caller, appId, IsAllowedRequest.parse(body)));
    }

    @PostMapping("/cvms/is-allowed")
    Map<String, Object> cvmsAllowed(Caller caller, @PathVariable String appId) {
        AppAllowance.Batch batch = allowance.cvmsAllowed(caller, appId);
        List<AppAllowance.Answer> results = batch.results();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_onchain", batch.onchain());
        m.put("results", results.stream().map(AppAllowanceController::answer).toList());
        m.put("total", results.size());
        m.put("allowed_count", results.stream().filter(AppAllowance.Answer::isAllowed).count());
        m.put("denied_count", results.stream().filter(a -> !a.isAllowed() && a.error() == null).count());
        m.put("error_count", results.stream().filter(a -> a.error() != null).count());
        m.put("skipped_cvm_ids", batch.skipped());
        return m;
    }

    /** {@code AppKmsInfoResponse}; the deployer is the app contract's owner as the chain says now. */
    @GetMapping("/kms-info")
    Map<String, Object> kmsInfo(Caller caller, @PathVariable String appId) {
        AppAllowance.KmsFacts facts = allowance.kmsFacts(caller, appId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("is_onchain_kms", facts.onchain());
        m.put("chain_id", facts.chainId());
        m.put("kms_contract_address", facts.kmsContractAddress());
        m.put("app_contract_address", facts.appContractAddress());
        m.put("deployer_address", facts.deployerAddress());
        m.put("deployer_type", facts.deployerKind() == null ? null : facts.deployerKind().wire());
        m.put("is_contract", facts.deployerKind() != null && facts.deployerKind().isContract());
        m.put("safe_app_url", facts.safeAppUrl());
        return m;
    }

    private static Map<String, Object> answer(AppAllowance.Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a.cvmId() != null) {
            m.put("cvm_id", a.cvmId());
        }
        m.put("app_contract_address", a.appContractAddress());
        m.put("compose_hash", a.composeHash());
        m.put("device_id", a.deviceId());
        m.put("compose_hash_allowed", a.composeHashAllowed());
        m.put("allow_any_device", a.allowAnyDevice());
        m.put("device_id_allowed", a.deviceIdAllowed());
        m.put("is_allowed", a.isAllowed());
        m.put("error", a.error());
        return m;
    }
}
