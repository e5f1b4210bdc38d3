package io.opencvm.chainview;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsMeta;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;

/**
 * {@code GET /kms/{kms_id}/info}: a registered KMS as opencvm knows it, what the KMS itself answers to {@code GetMeta}
 * now ({@code rpc}, else {@code rpc_error}), and the nodes that use it (those the caller's workspace may use). opencvm
 * does not reach a KMS's guest agent, so {@code guest_agent} is null with the reason.
 */
@Service
class KmsInspection {

    private final KmsService kms;
    private final NodeService nodes;

    KmsInspection(KmsService kms, NodeService nodes) {
        this.kms = kms;
        this.nodes = nodes;
    }

    Map<String, Object> of(Caller caller, String kmsId) {
        Kms k = kms.get(kmsId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.publicId());
        m.put("slug", k.slug());
        m.put("endpoint", k.url());
        m.put("kms_type", k.kmsType());
        m.put("db_version", k.version());
        try {
            m.put("rpc", rpc(k, kms.meta(k)));
            m.put("rpc_error", null);
        } catch (ApiException e) {
            m.put("rpc", null);
            m.put("rpc_error", e.getMessage());
        }
        m.put("guest_agent", null);
        m.put("guest_agent_error", "opencvm does not reach a KMS's guest agent");
        m.put("teepods", nodes.all().stream().filter(n -> Objects.equals(n.kmsId(), k.pk()))
                .filter(n -> n.usableBy(caller.workspaceId())).map(n -> teepod(n, k)).toList());
        m.put("on_chain", k.onChain() ? onChain(k) : null);
        return m;
    }

    private static Map<String, Object> rpc(Kms k, KmsMeta meta) {
        KmsMeta.Bootstrap b = meta.bootstrapInfo();
        Map<String, Object> bootstrap = new LinkedHashMap<>();
        bootstrap.put("k256_pubkey", b != null && b.k256Pubkey() != null ? b.k256Pubkey() : text(meta.k256Pubkey()));
        bootstrap.put("ca_pubkey", b == null ? "" : text(b.caPubkey()));
        bootstrap.put("quote_length", b == null || b.quote() == null ? 0 : b.quote().length() / 2);
        bootstrap.put("eventlog_length", b == null || b.eventlog() == null ? 0 : b.eventlog().length());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", k.version()); // a KMS's GetMeta carries no version: this is the registered one
        r.put("is_dev", meta.isDev());
        r.put("chain_id", meta.chainId());
        r.put("kms_contract_address", meta.kmsContractAddress());
        r.put("gateway_app_id", meta.gatewayAppId());
        r.put("bootstrap_info", bootstrap);
        r.put("version_synced", false); // the KMS reports no version to compare the registered one with
        return r;
    }

    private static Map<String, Object> teepod(Node n, Kms k) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", n.id());
        t.put("name", n.name());
        t.put("teepod_version_db", n.facts().version());
        t.put("teepod_version_real", null);
        t.put("kms_url", k.url());
        t.put("kms_urls", List.of(k.url()));
        t.put("available_os_images", n.images().stream().map(i -> Map.of("name", i.name(), "version", i.version(),
                "is_dev", i.isDev())).toList());
        t.put("error", null);
        return t;
    }

    private static Map<String, Object> onChain(Kms k) {
        Map<String, Object> verification = new HashMap<>();
        for (String f : List.of("k256_pubkey_match", "ca_pubkey_match", "gateway_app_id_match", "device_id_allowed",
                "os_image_allowed", "mr_aggregated_allowed")) {
            verification.put(f, null);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kms_info", null);
        o.put("gateway_app_id", k.gatewayAppId());
        o.put("owner", null);
        o.put("verification", verification);
        o.put("error", null);
        return o;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
