package io.opencvm.vmmsim.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void deriveDhSecretReproducesTheRepositoryVector() {
        byte[] rootDer = HEX.parseHex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420"
                + "f57527cea4ab7ffb49af99b158cdc0e3ec06398f528349ea236b7d2afe19cec1"
                + "a1440342000491f50522407ce29dce3ed7d31a15d80c1c42f13a23552d2b33a0ce09ee11e47bce95936f3e7f80d195f879e2"
                + "8e1b144ef37ac9ab8e36a690cbf930b775897b27");
        byte[] rootScalar = Arrays.copyOfRange(rootDer, 36, 68);

        assertThat(KeyDerivation.p256Pkcs8(rootScalar)).isEqualTo(rootDer);
        byte[] secret = KeyDerivation.deriveDhSecret(rootScalar,
                List.of(KeyDerivation.utf8("context one"), KeyDerivation.utf8("context two")));
        assertThat(HEX.formatHex(secret)).isEqualTo("663afd58820be8ad645f9c035e93199d114ab16f738db62393bc1d7d623e8813");
    }

    @Test
    void envEncryptionReproducesTheFixedKeyVectorAndDecryptsBack() throws GeneralSecurityException {
        byte[] recipient = HEX.parseHex("11".repeat(32));
        byte[] recipientPub = EnvCipher.publicKey(recipient);
        assertThat(HEX.formatHex(recipientPub)).isEqualTo("7b4e909bbe7ffe44c465a220037d608ee35897d31ef972f07f74892cb0f73f13");
        byte[] plaintext = "{\"env\":[{\"key\":\"API_KEY\",\"value\":\"secret\"}]}".getBytes(StandardCharsets.UTF_8);

        byte[] blob = EnvCipher.encrypt(recipientPub, plaintext, HEX.parseHex("22".repeat(32)), HEX.parseHex("33".repeat(12)));

        assertThat(HEX.formatHex(blob)).isEqualTo("0faa684ed28867b97f4a6a2dee5df8ce974e76b7018e3f22a1c4cf2678570f20"
                + "333333333333333333333333"
                + "13c2a34971c12ae4f37f3e84eda2c29c252a025c8786737b7f47f84c6bea52cc05c9f31d79e62cfc4de5eebe"
                + "b44df75af8bd46fc8b02942e411f5388");
        assertThat(EnvCipher.decrypt(recipient, blob)).isEqualTo(plaintext);
    }

    @Test
    void tamperedEnvBlobFailsToDecrypt() throws GeneralSecurityException {
        byte[] recipient = HEX.parseHex("11".repeat(32));
        byte[] blob = EnvCipher.encrypt(EnvCipher.publicKey(recipient), "{}".getBytes(StandardCharsets.UTF_8));
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> EnvCipher.decrypt(recipient, blob)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> EnvCipher.decrypt(recipient, new byte[10])).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void legacySignatureVectorRecoversTheRepositorySigner() {
        byte[] appId = new byte[20];
        byte[] publicKey = HEX.parseHex("e33a1832c6562067ff8f844a61e51ad051f1180b66ec2551fb0251735f3ee90a");
        byte[] signature = HEX.parseHex("8542c49081fbf4e03f62034f13fbf70630bdf256a53032e38465a27c36fd6bed"
                + "7a5e7111652004aef37f7fd92fbfc1285212c4ae6a6154203a48f5e16cad2cef00");
        byte[] message = concat("dstack-env-encrypt-pubkey:".getBytes(StandardCharsets.US_ASCII), appId, publicKey);

        assertThat(HEX.formatHex(RecoverableSigner.recover(message, signature)))
                .isEqualTo("0217610d74cbd39b6143842c6d8bc310d79da1d82cc9d17f8876376221eda0c38f");
    }

    @Test
    void ownSignaturesRecoverToTheSignerAndUseRecoveryIdZeroOrOne() {
        RecoverableSigner signer = new RecoverableSigner(Sha256.hash("test k256 root"));
        for (int i = 0; i < 8; i++) {
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = signer.sign(message);

            assertThat(signature).hasSize(65);
            assertThat(signature[64]).isIn((byte) 0, (byte) 1);
            assertThat(RecoverableSigner.recover(message, signature)).isEqualTo(signer.compressedPublicKey());
        }
    }

    @Test
    void keccakMatchesTheEthereumEmptyStringDigest() {
        assertThat(HEX.formatHex(Keccak256.hash(new byte[0])))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
