package io.opencvm.vmmsim.kms;

import io.opencvm.vmmsim.crypto.EnvCipher;
import io.opencvm.vmmsim.crypto.KeyDerivation;
import io.opencvm.vmmsim.crypto.RecoverableSigner;
import io.opencvm.vmmsim.crypto.Sha256;
import io.opencvm.vmmsim.pki.P256Key;
import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.BigIntegers;

/**
 * The KMS root keys (a P-256 root CA scalar and a secp256k1 root key) and every per-app key derived from them
 * as {@code dstack/kms/src/main_service.rs} does. Deterministic from a seed so test values are reproducible.
 */
public final class KmsRootKeys {

    private final byte[] caScalar;
    private final byte[] k256Secret;
    private final RecoverableSigner signer;

    public KmsRootKeys(byte[] caScalar, byte[] k256Secret) {
        this.caScalar = caScalar.clone();
        this.k256Secret = k256Secret.clone();
        this.signer = new RecoverableSigner(k256Secret);
    }

    /** Root keys from a seed string; the same seed always gives the same keys (never use for real secrets). */
    public static KmsRootKeys fromSeed(String seed) {
        return new KmsRootKeys(scalar("secp256r1", "opencvm-kms-sim/root-ca:" + seed),
                scalar("secp256k1", "opencvm-kms-sim/root-k256:" + seed));
    }

    private static byte[] scalar(String curve, String material) {
        BigInteger n = CustomNamedCurves.getByName(curve).getN();
        BigInteger d = new BigInteger(1, Sha256.hash(material)).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        return BigIntegers.asUnsignedByteArray(32, d);
    }

    /** {@code env_crypt_key = derive_dh_secret(root_ca, [app_id, "env-encrypt-key"])}. */
    public byte[] envSecret(byte[] appId) {
        return KeyDerivation.deriveDhSecret(caScalar, List.of(appId, KeyDerivation.utf8("env-encrypt-key")));
    }

    public byte[] envPublicKey(byte[] appId) {
        return EnvCipher.publicKey(envSecret(appId));
    }

    /** Per instance: {@code derive_dh_secret(root_ca, [app_id, instance_id, "app-disk-crypt-key"])}. */
    public byte[] diskKey(byte[] appId, byte[] instanceId) {
        return KeyDerivation.deriveDhSecret(caScalar,
                List.of(appId, instanceId, KeyDerivation.utf8("app-disk-crypt-key")));
    }

    /** Per app: HKDF over the root k256 secret with {@code [app_id, "app-key"]}. */
    public byte[] appK256Key(byte[] appId) {
        return KeyDerivation.deriveKey(k256Secret, List.of(appId, KeyDerivation.utf8("app-key")), 32);
    }

    /** The root CA key ({@code root_ca.key}), which signs the KMS CA certificate and every app CA. */
    public P256Key caKey() {
        return P256Key.fromScalar(caScalar);
    }

    /** Per app: {@code derive_p256_key_pair(root_ca, [app_id, "app-ca"])}, the key of the app's CA. */
    public P256Key appCaKey(byte[] appId) {
        return P256Key.fromScalar(KeyDerivation.deriveP256Scalar(caScalar, List.of(appId, KeyDerivation.utf8("app-ca"))));
    }

    public byte[] sign(byte[] message) {
        return signer.sign(message);
    }

    public byte[] k256PublicKey() {
        return signer.compressedPublicKey();
    }
}
