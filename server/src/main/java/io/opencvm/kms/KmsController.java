package io.opencvm.kms;

import io.opencvm.api.Page;
import io.opencvm.api.PageRequest;
import io.opencvm.app.AppId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Phala Cloud KMS endpoints: list, one KMS, and an app's env-encryption key. */
@RestController
@RequestMapping("/api/v1/kms")
class KmsController {

    private final KmsService kms;

    KmsController(KmsService kms) {
        this.kms = kms;
    }

    @GetMapping
    Page<KmsInfo> list(@RequestParam(required = false) Integer page,
                       @RequestParam(name = "page_size", required = false) Integer pageSize,
                       @RequestParam(name = "is_onchain", required = false) Boolean onChain) {
        return Page.of(kms.all().stream().filter(k -> onChain == null || k.onChain() == onChain).toList(),
                PageRequest.of(page, pageSize, 20), KmsInfo::of);
    }

    @GetMapping("/{kmsId}")
    KmsInfo one(@PathVariable String kmsId) {
        return KmsInfo.of(kms.get(kmsId));
    }

    @GetMapping("/{kms}/pubkey/{appId}")
    EnvPublicKeyResponse publicKey(@PathVariable("kms") String reference, @PathVariable String appId) {
        return EnvPublicKeyResponse.of(kms.envPublicKey(reference, AppId.inPath("app_id", appId)));
    }
}
