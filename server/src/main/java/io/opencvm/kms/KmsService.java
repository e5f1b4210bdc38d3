package io.opencvm.kms;

import io.opencvm.api.ApiException;
import io.opencvm.api.ErrorCode;
import io.opencvm.vmm.PrpcChannel;
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

    /** By {@code KmsInfo.id} or slug, or 404 ERR-02-011. */
    public Kms get(String idOrSlug) {
        return store.findByIdOrSlug(idOrSlug)
                .orElseThrow(() -> new ApiException(ErrorCode.KMS_NOT_FOUND, "KMS " + idOrSlug + " not found"));
    }

    public Optional<Kms> defaultKms() {
        return store.findDefault();
    }

    public List<Kms> all() {
        return store.all();
    }

    /**
     * Asks the KMS for the app's env-encryption public key over dstack-kms's pRPC
     * ({@code GetAppEnvEncryptPubKey}). {@code appId} is 40 hex characters.
     */
    public EnvPublicKey envPublicKey(Kms kms, String appId) {
        PrpcChannel channel = new PrpcChannel(URI.create(kms.url()), null, http, Duration.ofSeconds(10));
        return channel.call("GetAppEnvEncryptPubKey", new AppIdRequest(appId), EnvPublicKey.class);
    }

    record AppIdRequest(String appId) {
    }
}
