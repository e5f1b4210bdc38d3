package io.opencvm.kms;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.api.ValidationProblem;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
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
        List<ValidationProblem.Item> problems = new ArrayList<>();
        if (r.publicId() == null || r.publicId().isBlank()) {
            problems.add(new ValidationProblem.Item(List.of("body", "id"), "Field required", "missing", null));
        } else if (!ID.matcher(r.publicId()).matches()) {
            problems.add(invalid("id", "KMS id must be 1-64 letters, digits, '.', '_' or '-'", r.publicId()));
        }
        if (r.slug() != null && !ID.matcher(r.slug()).matches()) {
            problems.add(invalid("slug", "KMS slug must be 1-64 letters, digits, '.', '_' or '-'", r.slug()));
        }
        if (!httpUrl(r.url())) {
            problems.add(invalid("url", "KMS URL must be an absolute http(s) URL", r.url()));
        }
        if (r.rpcUrl() != null && !httpUrl(r.rpcUrl())) {
            problems.add(invalid("rpc_url", "RPC URL must be an absolute http(s) URL", r.rpcUrl()));
        }
        if (r.version().length() > 64) {
            problems.add(invalid("version", "Must be at most 64 characters", r.version()));
        }
        if (r.chainId() != null && r.chainId() <= 0) {
            problems.add(invalid("chain_id", "Chain id must be positive", r.chainId()));
        }
        if (r.chainId() != null && (r.contractAddress() == null || !ADDRESS.matcher(r.contractAddress()).matches())) {
            problems.add(invalid("kms_contract_address", "An on-chain KMS needs its contract address (0x + 40 hex)",
                    r.contractAddress()));
        }
        if (r.gatewayAppId() != null && r.gatewayAppId().length() > 64) {
            problems.add(invalid("gateway_app_id", "Must be at most 64 characters", r.gatewayAppId()));
        }
        if (!problems.isEmpty()) {
            throw new ValidationProblem(problems);
        }
    }

    private static boolean httpUrl(String url) {
        if (url == null || url.length() > 512) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ValidationProblem.Item invalid(String field, String msg, Object input) {
        return new ValidationProblem.Item(List.of("body", field), msg, "value_error", input);
    }
}
