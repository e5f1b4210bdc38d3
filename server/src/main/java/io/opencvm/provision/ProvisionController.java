package io.opencvm.provision;

import io.opencvm.account.Caller;
import io.opencvm.cvm.CvmJson;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /cvms/provision} and {@code POST /cvms} (commit). */
@RestController
@RequestMapping("/api/v1/cvms")
class ProvisionController {

    private final ProvisionService provisions;
    private final InstanceTypeTable instanceTypes;

    ProvisionController(ProvisionService provisions, InstanceTypeTable instanceTypes) {
        this.provisions = provisions;
        this.instanceTypes = instanceTypes;
    }

    @PostMapping("/provision")
    Map<String, Object> provision(Caller caller, @RequestBody(required = false) JsonNode body) {
        return provisions.provision(caller, ProvisionRequest.parse(body, instanceTypes));
    }

    @PostMapping
    Map<String, Object> commit(Caller caller, @RequestBody(required = false) JsonNode body) {
        return CvmJson.vm(provisions.commit(caller, CommitRequest.parse(body)));
    }
}
