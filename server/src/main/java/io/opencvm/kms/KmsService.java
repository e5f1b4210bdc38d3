package io.opencvm.kms;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.api.ErrorDetail;
import io.opencvm.app.AppId;
import io.opencvm.vmm.PrpcChannel;
import io.opencvm.vmm.VmmException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The KMS feature's public face: registered KMSs and the env-encryption keys they derive per app. */
@Service
public class KmsService {

    private final KmsStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    KmsService(KmsStore store) {
        this.store = store;
    }

    public Optional<Kms> find(long pk) {
        return store.find(pk);
    }

    /** The KMS with this key when it is contract-owned (an app under it is gated on chain), else empty. */
    public Optional<Kms> onChain(Long pk) {
        return Optional.ofNullable(pk).flatMap(this::find).filter(Kms::onChain);
    }

    /** By {@code KmsInfo.id} or slug, or 404 ERR-02-011. */
    public Kms get(String idOrSlug) {
        return store.findByIdOrSlug(idOrSlug)
                .orElseThrow(() -> new ApiException(ErrorCode.KMS_NOT_FOUND, "KMS " + idOrSlug + " not found"));
    }

    public Optional<Kms> findByIdOrSlug(String idOrSlug) {
        return store.findByIdOrSlug(idOrSlug);
    }

    /**
     * By {@code KmsInfo.id} or slug, else by {@code kms_type} ({@code phala}, {@code ethereum},
     * {@code base}: the default KMS of that type, else its first); 404 ERR-02-011 when none fits.
     */
    public Kms resolve(String reference) {
        return store.findByIdOrSlug(reference)
                .or(() -> ofType(reference))
                .orElseThrow(() -> new ApiException(ErrorCode.KMS_NOT_FOUND, "KMS " + reference + " not found"));
    }

    /**
     * The app's env-encryption public key from the KMS named by {@code reference} (see {@link #resolve}).
     * An unreachable or failing KMS is 502 ERR-02-103.
     */
    public EnvPublicKey envPublicKey(String reference, AppId appId) {
        Kms kms = resolve(reference);
        EnvPublicKey key;
        try {
            key = envPublicKey(kms, appId);
        } catch (VmmException e) {
            throw new ApiException(ErrorCode.KMS_UNAVAILABLE, "KMS " + kms.publicId() + " did not give the app's key: "
                    + e.getMessage(), List.of(ErrorDetail.field("kms_id", kms.publicId())));
        }
        if (key == null || key.publicKey() == null || key.publicKey().isBlank()) {
            throw new ApiException(ErrorCode.KMS_UNAVAILABLE, "KMS " + kms.publicId() + " answered without a key",
                    List.of(ErrorDetail.field("kms_id", kms.publicId())));
        }
        return key;
    }

    private Optional<Kms> ofType(String kmsType) {
        List<Kms> ofType = store.all().stream().filter(k -> k.kmsType().equals(kmsType)).toList();
        return ofType.stream().filter(Kms::isDefault).findFirst().or(() -> ofType.stream().findFirst());
    }

    public Optional<Kms> defaultKms() {
        return store.findDefault();
    }

    public List<Kms> all() {
        return store.all();
    }

    /** The KMS's {@code GetMeta}; a KMS that does not answer is 502 ERR-02-103 with the reason. */
    public KmsMeta meta(Kms kms) {
        PrpcChannel channel = new PrpcChannel(URI.create(kms.url()), null, http, Duration.ofSeconds(10));
        try {
            return channel.call("GetMeta", java.util.Map.of(), KmsMeta.class);
        } catch (VmmException e) {
            throw new ApiException(ErrorCode.KMS_UNAVAILABLE, "KMS " + kms.publicId() + " did not answer GetMeta: "
                    + e.getMessage(), List.of(ErrorDetail.field("kms_id", kms.publicId())));
        }
    }

    /**
     * Asks the KMS for the app's env-encryption public key over dstack-kms's pRPC
     * ({@code GetAppEnvEncryptPubKey}).
     */
    public EnvPublicKey envPublicKey(Kms kms, AppId appId) {
        PrpcChannel channel = new PrpcChannel(URI.create(kms.url()), null, http, Duration.ofSeconds(10));
        return channel.call("GetAppEnvEncryptPubKey", new AppIdRequest(appId.hex()), EnvPublicKey.class);
    }

    record AppIdRequest(String appId) {
    }
}
