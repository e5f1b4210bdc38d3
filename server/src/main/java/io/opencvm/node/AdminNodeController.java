package io.opencvm.node;

import io.opencvm.api.OperatorOnly;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsService;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints for nodes (an operator key is required, see {@link OperatorOnly}). */
@RestController
@OperatorOnly
@RequestMapping("/admin/nodes")
class AdminNodeController {

    private final NodeRegistry registry;
    private final KmsService kms;

    AdminNodeController(NodeRegistry registry, KmsService kms) {
        this.registry = registry;
        this.kms = kms;
    }

    @PostMapping
    AdminNodeView register(@RequestBody NodeRegistrationRequest request) {
        return view(registry.register(request.toRegistration()).id());
    }

    @GetMapping
    Items list() {
        Map<Long, String> kmsIds = kmsPublicIds();
        return new Items(registry.registered().stream()
                .map(r -> AdminNodeView.of(r, kmsIds.get(r.node().kmsId()))).toList());
    }

    @PatchMapping("/{id}")
    AdminNodeView change(@PathVariable long id, @RequestBody NodeChangeRequest request) {
        return view(registry.change(id, request.toChange()).id());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable long id) {
        registry.remove(id);
        return ResponseEntity.noContent().build();
    }

    private AdminNodeView view(long id) {
        RegisteredNode r = registry.registered(id);
        return AdminNodeView.of(r, kmsPublicIds().get(r.node().kmsId()));
    }

    private Map<Long, String> kmsPublicIds() {
        return kms.all().stream().collect(Collectors.toMap(Kms::pk, Kms::publicId, (a, b) -> a));
    }

    record Items(List<AdminNodeView> items) {
    }
}
