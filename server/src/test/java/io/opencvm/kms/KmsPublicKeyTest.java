package io.opencvm.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencvm.testsupport.ServerTest;
import io.opencvm.testsupport.TestAccounts;
import io.opencvm.testsupport.TestAccounts.TestAccount;
import io.opencvm.testsupport.TestHttp;
import io.opencvm.testsupport.TestHttp.Reply;
import io.opencvm.vmmsim.kms.KmsProfile;
import io.opencvm.vmmsim.kms.KmsSimulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** {@code GET /kms/{kms}/pubkey/{app_id}} against a real KMS simulator on loopback. */
@ServerTest
@TestPropertySource(properties = "opencvm.nodes.probe-interval=PT1H")
class KmsPublicKeyTest {

    static final String APP_ID = "21d83c2b423ee05367ed8eba02c650ada2cb19b4";
    static final HexFormat HEX = HexFormat.of();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KmsRegistry registry;

    KmsSimulator kms;
    TestHttp http;
    TestAccount user;
    String suffix;

    @BeforeEach
    void setUp() {
        kms = KmsSimulator.start(KmsProfile.defaults());
        http = TestHttp.to(port);
        suffix = UUID.randomUUID().toString().substring(0, 8);
        user = new TestAccounts(jdbc).workspaceWithKey("pk-" + suffix);
    }

    @AfterEach
    void tearDown() {
        kms.close();
    }

    @Test
    void theKmsDerivedKeyAndItsSignatureComeBackAsExactlyTwoKeys() {
        registry.register(new KmsRegistration("kms_sim_" + suffix, "sim-" + suffix, kms.baseUri().toString(),
                "v0.5.4", null, null, null, null, false));

        Reply byId = http.get("/api/v1/kms/kms_sim_" + suffix + "/pubkey/" + APP_ID, user.apiKey());
        Reply bySlugWith0x = http.get("/api/v1/kms/sim-" + suffix + "/pubkey/0x" + APP_ID.toUpperCase(),
                user.apiKey());

        assertThat(byId.status()).isEqualTo(200);
        assertThat(TestHttp.keys(byId.json())).containsExactly("public_key", "signature");
        byte[] appId = HEX.parseHex(APP_ID);
        byte[] expectedKey = kms.rootKeys().envPublicKey(appId);
        assertThat(byId.json().get("public_key").asString()).isEqualTo(HEX.formatHex(expectedKey));
        byte[] message = concat("dstack-env-encrypt-pubkey:".getBytes(StandardCharsets.US_ASCII), appId, expectedKey);
        assertThat(byId.json().get("signature").asString()).isEqualTo(HEX.formatHex(kms.rootKeys().sign(message)))
                .hasSize(130);
        assertThat(bySlugWith0x.body()).isEqualTo(byId.body());
    }

    @Test
    void aKmsTypeNamesTheDefaultKmsOfThatType() {
        registry.register(new KmsRegistration("kms_other_" + suffix, null, "http://127.0.0.1:9/", "v0.5.4", null,
                null, null, null, false));
        registry.register(new KmsRegistration("kms_default_" + suffix, null, kms.baseUri().toString(), "v0.5.4",
                null, null, null, null, true));

        Reply phala = http.get("/api/v1/kms/phala/pubkey/" + APP_ID, user.apiKey());

        assertThat(phala.status()).isEqualTo(200);
        assertThat(phala.json().get("public_key").asString())
                .isEqualTo(HEX.formatHex(kms.rootKeys().envPublicKey(HEX.parseHex(APP_ID))));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
