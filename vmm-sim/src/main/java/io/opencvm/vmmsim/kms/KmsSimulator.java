package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.crypto.RecoverableSigner;
import io.opencvm.vmmsim.prpc.Fields;
import io.opencvm.vmmsim.prpc.Hex;
import io.opencvm.vmmsim.prpc.PrpcServer;
import io.opencvm.vmmsim.prpc.RpcError;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated dstack-kms on 127.0.0.1, pRPC at {@code /prpc} with {@code KMS.} trimmed: {@code
 * GetAppEnvEncryptPubKey}, {@code GetMeta}, {@code GetAppKey} and {@code SignCert} (v1 CSRs).
 *
 * <p>One deliberate deviation: real dstack authenticates {@code GetAppKey} by the guest's RA-TLS client
 * certificate and builds the boot info from the verified attestation. That cannot be simulated, so the
 * simulated guest sends its boot info as JSON — {@code {app_id, compose_hash, instance_id, device_id,
 * os_image_hash, tcb_status}}, all hex — and the KMS trusts it. The decision itself ({@link BootPolicy}) and
 * the denial text ({@code App not allowed: Boot denied: <reason>}) are as real.
 */
public final class KmsSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KmsSimulator.class);
    private static final byte[] ENV_PUBKEY_DOMAIN = "dstack-env-encrypt-pubkey:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KMS_ISSUED_DOMAIN = "dstack-kms-issued:".getBytes(StandardCharsets.US_ASCII);

    private final KmsProfile profile;
    private final KmsRootKeys keys;
    private final Clock clock;
    private final PrpcServer server;
    private final KmsCertificateAuthority authority;
    private volatile BootPolicy policy;

    private KmsSimulator(KmsProfile profile, Clock clock) {
        this.profile = profile;
        this.keys = KmsRootKeys.fromSeed(profile.seed());
        this.clock = clock;
        this.policy = Objects.requireNonNull(profile.policy(), "policy");
        this.authority = new KmsCertificateAuthority(keys, clock.instant());
        this.server = new PrpcServer(profile.port(), "KMS.",
                "v" + profile.version() + " (" + profile.rev() + ")")
                .method("GetAppEnvEncryptPubKey", this::getAppEnvEncryptPubKey)
                .method("GetMeta", request -> getMeta())
                .method("GetAppKey", this::getAppKey)
                .method("SignCert", request -> new SignCertResponse(authority.signCert(request.u32("api_version"),
                        request.bytes("csr"), request.bytes("signature"), clock.instant())));
    }

    public static KmsSimulator start(KmsProfile profile) {
        return start(profile, Clock.systemUTC());
    }

    public static KmsSimulator start(KmsProfile profile, Clock clock) {
        KmsSimulator kms = new KmsSimulator(profile, clock);
        kms.server.start();
        LOG.info("KMS simulator {} listening on {}", profile.name(), kms.baseUri());
        return kms;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}: what a node profile's {@code kmsUrl} should name. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public KmsRootKeys rootKeys() {
        return keys;
    }

    public BootPolicy policy() {
        return policy;
    }

    /** Replaces the auth API; the next boot is judged by the new policy (the real webhook is not cached). */
    public void setPolicy(BootPolicy newPolicy) {
        this.policy = Objects.requireNonNull(newPolicy);
    }

    @Override
    public void close() {
        server.close();
    }

    private PublicKeyResponse getAppEnvEncryptPubKey(Fields request) {
        byte[] appId = request.bytes("app_id");
        if (appId.length != 20) {
            throw new RpcError("app_id must be 20 bytes");
        }
        byte[] publicKey = keys.envPublicKey(appId);
        long timestamp = clock.instant().getEpochSecond();
        byte[] legacy = keys.sign(concat(ENV_PUBKEY_DOMAIN, appId, publicKey));
        byte[] v1 = keys.sign(concat(ENV_PUBKEY_DOMAIN, appId, ByteBuffer.allocate(8).putLong(timestamp).array(),
                publicKey));
        return new PublicKeyResponse(Hex.encode(publicKey), Hex.encode(legacy), timestamp, Hex.encode(v1));
    }

    private KmsMetaResponse getMeta() {
        boolean dev = policy.isDev();
        return new KmsMetaResponse(authority.rootPem(), dev, Hex.encode(keys.k256PublicKey()), null, dev, profile.gatewayAppId(),
                profile.kmsContractAddress(), profile.chainId(), profile.appAuthImplementation());
    }

    private AppKeyResponse getAppKey(Fields request) {
        byte[] appId = request.bytes("app_id");
        if (appId.length != 20) {
            throw new RpcError("Invalid app id length");
        }
        byte[] instanceId = request.bytes("instance_id");
        BootInfo info = new BootInfo(Hex.encode(appId), Hex.normalize(request.str("compose_hash")),
                Hex.encode(instanceId), Hex.normalize(request.str("device_id")),
                Hex.normalize(request.str("os_image_hash")), request.str("tcb_status"));
        BootDecision decision = policy.evaluate(info);
        if (!decision.allowed()) {
            LOG.info("KMS {} denied app {}: {}", profile.name(), info.appId(), decision.reason());
            throw new RpcError("App not allowed: Boot denied: " + decision.reason());
        }
        byte[] appKey = keys.appK256Key(appId);
        byte[] appKeySignature = keys.sign(concat(KMS_ISSUED_DOMAIN, appId,
                new RecoverableSigner(appKey).compressedPublicKey()));
        return new AppKeyResponse(authority.rootPem(), Hex.encode(keys.diskKey(appId, instanceId)), Hex.encode(keys.envSecret(appId)),
                Hex.encode(appKey), Hex.encode(appKeySignature), profile.gatewayAppId(), profile.gatewayAppId(),
                info.osImageHash());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
