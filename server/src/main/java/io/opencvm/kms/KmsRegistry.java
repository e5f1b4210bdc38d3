package io.opencvm.kms;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.Fields;
import io.opencvm.api.InputError;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operators' side of KMSs: register one (an idempotent upsert by public id). */
@Service
public class KmsRegistry {

    private static final Logger log = LoggerFactory.getLogger(KmsRegistry.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final KmsStore store;
    private final Clock clock;

    KmsRegistry(KmsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates the KMS or brings the one with this public id to exactly this registration. */
    @Transactional
    public Kms register(KmsRegistration given) {
        KmsRegistration r = withDefaults(given);
        check(r);
        store.findBySlug(r.slug() == null ? "" : r.slug())
                .filter(other -> !other.publicId().equals(r.publicId()))
                .ifPresent(other -> {
                    throw new ApiException(ErrorCode.ALREADY_EXISTS, "KMS slug " + r.slug() + " is taken by "
                            + other.publicId(), List.of(ErrorDetail.field("slug", r.slug())));
                });
        boolean created = store.insert(r, clock.instant());
        if (!created) {
            store.update(r);
        }
        if (r.isDefault()) {
            store.clearDefaultExcept(r.publicId());
        }
        log.info("KMS {} registered ({}{})", r.publicId(), created ? "new" : "updated", r.isDefault() ? ", default" : "");
        return store.findByPublicId(r.publicId()).orElseThrow();
    }

    private static KmsRegistration withDefaults(KmsRegistration r) {
        String version = r.version() == null || r.version().isBlank() ? "unknown" : r.version();
        String slug = r.slug() == null || r.slug().isBlank() ? null : r.slug();
        return new KmsRegistration(r.publicId(), slug, r.url(), version, r.chainId(), r.contractAddress(),
                r.gatewayAppId(), r.rpcUrl(), r.isDefault());
    }

    private static void check(KmsRegistration r) {
        Fields body = Fields.of("body");
        String id = body.required("id", r.publicId() == null || r.publicId().isBlank() ? null : r.publicId());
        body.check("id", id, ID.matcher(String.valueOf(id)).matches(), "KMS id must be 1-64 letters, digits, '.', '_' or '-'");
        body.check("slug", r.slug(), ID.matcher(String.valueOf(r.slug())).matches(),
                "KMS slug must be 1-64 letters, digits, '.', '_' or '-'");
        if (!Fields.isHttpUrl(r.url())) {
            body.add("url", InputError.VALUE_ERROR, r.url(), "KMS URL must be an absolute http(s) URL");
        }
        body.check("rpc_url", r.rpcUrl(), Fields.isHttpUrl(r.rpcUrl()), "RPC URL must be an absolute http(s) URL");
        body.check("version", r.version(), r.version().length() <= 64, "Must be at most 64 characters");
        body.check("chain_id", r.chainId(), r.chainId() == null || r.chainId() > 0, "Chain id must be positive");
        if (r.chainId() != null && (r.contractAddress() == null || !ADDRESS.matcher(r.contractAddress()).matches())) {
            body.add("kms_contract_address", InputError.VALUE_ERROR, r.contractAddress(),
                    "An on-chain KMS needs its contract address (0x + 40 hex)");
        }
        body.check("gateway_app_id", r.gatewayAppId(), r.gatewayAppId() == null || r.gatewayAppId().length() <= 64,
                "Must be at most 64 characters");
        body.throwIfAny();
    }
}
