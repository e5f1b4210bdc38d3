package io.opencvm.chainview;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app's device allowlist, a chain's KMS contracts, one KMS inspected, and the app-id prediction. */
@RestController
@RequestMapping("/api/v1")
class ChainViewController {

    private final DeviceAllowlist allowlist;
    private final ChainDetails chains;
    private final KmsInspection inspection;

    ChainViewController(DeviceAllowlist allowlist, ChainDetails chains, KmsInspection inspection) {
        this.allowlist = allowlist;
        this.chains = chains;
        this.inspection = inspection;
    }

    @GetMapping("/apps/{appId}/device-allowlist")
    Map<String, Object> deviceAllowlist(Caller caller, @PathVariable String appId) {
        return allowlist.of(caller, appId);
    }

    @GetMapping("/kms/on-chain/{chain}")
    Map<String, Object> onChain(Caller caller, @PathVariable String chain) {
        return chains.of(caller, chain);
    }

    @GetMapping("/kms/{kmsId}/info")
    Map<String, Object> info(Caller caller, @PathVariable String kmsId) {
        return inspection.of(caller, kmsId);
    }

    /**
     * The published API predicts the ids a team wallet's factory gives next; opencvm's phala KMS gives each app a
     * random id when it is provisioned, so there is nothing to predict: the published answer for that case, a 500
     * that says why, after the query is checked.
     */
    @GetMapping("/kms/phala/next_app_id")
    Map<String, Object> nextAppId(Caller caller, @RequestParam(name = "counts", required = false) String counts) {
        Fields query = Fields.of("query");
        if (counts != null) {
            try {
                query.between("counts", Long.parseLong(counts.strip()), 1, 20);
            } catch (NumberFormatException e) {
                query.add("counts", InputError.INT_PARSING, counts);
            }
        }
        query.throwIfAny();
        throw new ApiException(ErrorCode.APP_ID_NOT_PREDICTABLE, "App ids cannot be predicted here: the phala KMS of "
                + "this server gives each app a random id when it is provisioned (there is no team wallet or factory "
                + "nonce to count from)");
    }
}
