package io.opencvm.kms;

import io.opencvm.api.OperatorOnly;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints for KMSs (an operator key is required, see {@link OperatorOnly}). */
@RestController
@OperatorOnly
@RequestMapping("/admin/kms")
class AdminKmsController {

    private final KmsRegistry registry;
    private final KmsService kms;

    AdminKmsController(KmsRegistry registry, KmsService kms) {
        this.registry = registry;
        this.kms = kms;
    }

    @PostMapping
    AdminKmsView register(@RequestBody KmsRegistrationRequest request) {
        return AdminKmsView.of(registry.register(request.toRegistration()));
    }

    @GetMapping
    Items list() {
        return new Items(kms.all().stream().map(AdminKmsView::of).toList());
    }

    record Items(List<AdminKmsView> items) {
    }
}
