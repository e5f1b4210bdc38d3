package io.opencvm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsTheSdksVerifiedTestVector() {
        assertThat(WebhookSignature.sign("whsec_test_secret", "1767225600", "{\"id\":\"evt_1\",\"event\":\"cvm.created\"}"))
                .isEqualTo("sha256=f9a07b6761b961b1173562ffe0d9278b62caed9fb1b22943bd2c2f95b5f53e09");
    }

    @Test
    void anyChangeOfBodyOrTimestampChangesTheSignature() {
        String body = "{\"id\":\"evt_1\",\"event\":\"cvm.created\"}";
        String signed = WebhookSignature.sign("whsec_test_secret", "1767225600", body);
        assertThat(WebhookSignature.sign("whsec_test_secret", "1767225601", body)).isNotEqualTo(signed);
        assertThat(WebhookSignature.sign("whsec_test_secret", "1767225600", body.replace("evt_1", "evt_2")))
                .isNotEqualTo(signed);
        assertThat(WebhookSignature.sign("whsec_other", "1767225600", body)).isNotEqualTo(signed);
    }
}
