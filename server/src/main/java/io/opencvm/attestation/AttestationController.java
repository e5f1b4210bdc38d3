package io.opencvm.attestation;

import io.opencvm.account.Caller;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The attestation of the caller's CVMs and apps, read from their guests and verified here. */
@RestController
@RequestMapping("/api/v1")
class AttestationController {

    private final AttestationService attestations;

    AttestationController(AttestationService attestations) {
        this.attestations = attestations;
    }

    @GetMapping("/cvms/{cvmId}/attestation")
    Map<String, Object> cvm(Caller caller, @PathVariable String cvmId) {
        return AttestationJson.cvm(attestations.ofCvm(caller, cvmId));
    }

    @GetMapping("/apps/{appId}/attestations")
    Map<String, Object> app(Caller caller, @PathVariable String appId) {
        AttestationService.AppEvidence evidence = attestations.ofApp(caller, appId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app_id", evidence.app().appId());
        m.put("name", evidence.app().name());
        m.put("kms_type", evidence.app().kmsType());
        m.put("instances", evidence.instances().stream().map(AttestationJson::instance).toList());
        return m;
    }

    @GetMapping("/apps/{appId}/attestations/tcb-evaluation")
    Map<String, Object> tcbEvaluation(Caller caller, @PathVariable String appId) {
        AttestationService.AppEvidence evidence = attestations.ofApp(caller, appId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("app_id", evidence.app().appId());
        m.put("update", "early");
        m.put("instances", evidence.instances().stream().map(AttestationJson::tcbEvaluation).toList());
        return m;
    }
}
