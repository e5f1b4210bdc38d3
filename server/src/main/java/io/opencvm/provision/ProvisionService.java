package io.opencvm.provision;

import io.opencvm.account.Caller;
import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.Tenancy;
import io.opencvm.app.App;
import io.opencvm.app.AppCompose;
import io.opencvm.app.AppId;
import io.opencvm.app.AppService;
import io.opencvm.app.NewApp;
import io.opencvm.cvm.Cvm;
import io.opencvm.cvm.CvmOrigin;
import io.opencvm.cvm.CvmService;
import io.opencvm.cvm.CvmSpec;
import io.opencvm.cvm.CvmView;
import io.opencvm.cvm.NewCvmSpec;
import io.opencvm.kms.EnvPublicKey;
import io.opencvm.kms.Kms;
import io.opencvm.kms.KmsInfo;
import io.opencvm.kms.KmsService;
import io.opencvm.node.Node;
import io.opencvm.node.NodeImage;
import io.opencvm.node.NodeService;
import io.opencvm.node.Placement;
import io.opencvm.vmm.VmmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Create-a-CVM in two steps: provision builds and hashes the app compose, picks
 * the node, image and KMS and fetches the app's env key; commit turns a provision into app, revision,
 * CVM, capacity reservation and {@code create} operation in one transaction.
 */
@Service
class ProvisionService {

    static final Duration PROVISION_TTL = Duration.ofHours(24);

    private final ProvisionStore provisions;
    private final NodeService nodes;
    private final KmsService kmsService;
    private final AppService apps;
    private final CvmService cvms;
    private final OnchainCommitGate onchain;
    private final TransactionTemplate tx;
    private final Clock clock;

    ProvisionService(ProvisionStore provisions, NodeService nodes, KmsService kmsService, AppService apps,
                     CvmService cvms, OnchainCommitGate onchain, TransactionTemplate tx, Clock clock) {
        this.provisions = provisions;
        this.nodes = nodes;
        this.kmsService = kmsService;
        this.apps = apps;
        this.cvms = cvms;
        this.onchain = onchain;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Under an on-chain KMS the app id is the app's contract, which the client deploys after this call:
     * without an {@code app_id} in the request the answer has none (and no env key), like Phala's.
     */
    Map<String, Object> provision(Caller caller, ProvisionRequest req) {
        Node node = Placement.choose(req.nodeId(), nodes.all(),
                new Placement.Demand(caller.workspaceId(), req.resources(), null));
        NodeImage image = Placement.bootImage(node, req.image());
        Kms kms = kmsFor(req, node);
        if (cvms.liveByName(caller.workspaceId(), req.name()).isPresent()) {
            throw new ApiException(ErrorCode.DUPLICATE_CVM_NAME, "A CVM named " + req.name() + " already exists");
        }
        AppCompose compose = AppCompose.build(req.compose());
        AppId appId = req.appId() != null ? req.appId() : kms.onChain() ? null : AppId.random();
        String envKey = appId == null ? null : envKey(kms, appId).publicKey();
        Instant now = clock.instant();
        Provision.App app = new Provision.App(
                appId != null ? appId.hex() : OnchainCommitGate.pendingAppId(caller.workspaceId(), compose.hash()),
                compose.json(), kms.pk(), envKey);
        CvmSpec spec = new CvmSpec(compose.hash(), image.name(),
                req.instanceType() == null ? null : req.instanceType().id(), req.resources(), null, req.listed());
        provisions.save(new Provision(0, caller.workspaceId(), caller.userId(), req.name(), node.id(), app, spec, now,
                now.plus(PROVISION_TTL)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("compose_hash", compose.hash());
        if (appId != null) {
            m.put("app_id", appId.hex());
            m.put("app_env_encrypt_pubkey", envKey);
        }
        m.put("kms_info", KmsInfo.of(kms));
        m.put("fmspc", node.facts().fmspc());
        m.put("device_id", node.deviceId());
        m.put("os_image_hash", image.osImageHash());
        m.put("instance_type", req.instanceType() == null ? null : req.instanceType().id());
        m.put("kms_id", kms.publicId());
        m.put("teepod_id", node.id());
        m.put("node_id", node.id());
        return m;
    }

    /**
     * Commits a provision; the same (app_id, compose_hash) again returns the same CVM and creates nothing.
     * Under an on-chain KMS the app contract is read first (465 when it does not allow the node).
     */
    CvmView commit(Caller caller, CommitRequest req) {
        Optional<CvmView> existing = committed(caller, req);
        if (existing.isPresent()) {
            return existing.get();
        }
        Provision p = pending(caller, req);
        Kms kms = p.app().kmsPk() == null ? null : kmsService.find(p.app().kmsPk()).orElse(null);
        String envPubkey = p.app().envPubkey();
        if (kms != null && kms.onChain()) {
            onchain.requireAllowed(kms, nodes.get(p.nodeId()), p, req);
            envPubkey = p.app().appId().equals(req.appId().hex()) && envPubkey != null ? envPubkey
                    : envKey(kms, req.appId()).publicKey();
        }
        String appEnvKey = envPubkey;
        try {
            Cvm cvm = tx.execute(s -> create(caller, p, kms, req, appEnvKey));
            return cvms.view(cvm);
        } catch (DuplicateKeyException race) {
            return committed(caller, req).orElseThrow(() -> new ApiException(ErrorCode.DUPLICATE_CVM_NAME,
                    "A CVM named " + p.name() + " already exists"));
        }
    }

    /** The provision a commit redeems: by its app id, else (on-chain KMS) the one provisioned without an app id. */
    private Provision pending(Caller caller, CommitRequest req) {
        Instant now = clock.instant();
        String hash = req.composeHash().hex();
        return provisions.find(caller.workspaceId(), req.appId().hex(), hash, now)
                .or(() -> provisions.find(caller.workspaceId(), OnchainCommitGate.pendingAppId(caller.workspaceId(), hash),
                        hash, now))
                .orElseThrow(() -> new ApiException(ErrorCode.PROVISION_NOT_FOUND, "No provision for app " + req.appId()
                        + " with compose hash " + req.composeHash() + " (never provisioned, or expired after 24 h)"));
    }

    private Cvm create(Caller caller, Provision p, Kms kms, CommitRequest req, String envPubkey) {
        App app = apps.create(new NewApp(req.appId().hex(), caller.workspaceId(), caller.userId(), p.name(), p.app().kmsPk(),
                kms == null ? "phala" : kms.kmsType(), envPubkey));
        apps.addRevision(app.pk(), p.composeHash(), p.app().composeFile());
        Cvm cvm = cvms.create(new NewCvmSpec(caller.workspaceId(), p.name(),
                new CvmOrigin(app.pk(), app.appId(), caller.userId(), null), p.spec().withEncryptedEnv(req.encryptedEnv()),
                p.nodeId(), null), "api:" + caller.username());
        provisions.delete(caller.workspaceId(), p.id());
        return cvm;
    }

    /**
     * The CVM an earlier identical commit created; 409 ERR-03-007 when the workspace's app id is taken otherwise.
     * Another workspace's app is not seen ({@link Tenancy}): the commit then finds no provision of its own (404).
     */
    private Optional<CvmView> committed(Caller caller, CommitRequest req) {
        Optional<App> app = Tenancy.visible(caller.workspaceId(), apps.findByAppId(req.appId()));
        if (app.isEmpty()) {
            return Optional.empty();
        }
        Optional<Cvm> cvm = cvms.liveByAppAndHash(app.get().pk(), req.composeHash().hex());
        if (cvm.isPresent()) {
            return Optional.of(cvms.view(cvm.get()));
        }
        throw new ApiException(ErrorCode.CVM_APP_ID_CONFLICT, "App " + req.appId()
                + " already exists with another compose hash; update it instead of committing a new provision");
    }

    /** The KMS the request names (kms_id; else an on-chain kms type), else the node's, else the default. */
    private Kms kmsFor(ProvisionRequest req, Node node) {
        if (req.kmsId() != null) {
            return kmsService.get(req.kmsId());
        }
        if (req.kmsType() != null && !"phala".equals(req.kmsType())) {
            return kmsService.resolve(req.kmsType());
        }
        Optional<Kms> kms = node.kmsId() == null ? Optional.empty() : kmsService.find(node.kmsId());
        return kms.or(kmsService::defaultKms).orElseThrow(() -> new ApiException(ErrorCode.KMS_NOT_FOUND,
                "Node " + node.name() + " has no KMS and no default KMS is registered"));
    }

    private EnvPublicKey envKey(Kms kms, AppId appId) {
        try {
            return kmsService.envPublicKey(kms, appId);
        } catch (VmmException e) {
            throw new ApiException(ErrorCode.KMS_UNAVAILABLE, "KMS " + kms.publicId() + " did not give the app's env key: "
                    + e.getMessage());
        }
    }
}
