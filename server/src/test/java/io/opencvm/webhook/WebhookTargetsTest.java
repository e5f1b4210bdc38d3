package io.opencvm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookTargetsTest {

    @ParameterizedTest(name = "{0} refused by default: {1}")
    @CsvSource({
            "http://127.0.0.1/x, true", "http://127.8.9.10/x, true", "http://[::1]/x, true", "http://10.0.0.1/x, true",
            "http://172.31.255.1/x, true", "http://192.168.0.1/x, true", "http://169.254.169.254/x, true",
            "http://100.64.0.1/x, true", "http://[fe80::1]/x, true", "http://[fc00::1]/x, true",
            "http://[::ffff:127.0.0.1]/x, true", "http://0.0.0.0/x, true", "http://224.0.0.1/x, true",
            "https://203.0.113.10/hook, false", "http://8.8.8.8:8080/a?b=c, false", "https://[2001:db8::1]/x, false",
            "ftp://203.0.113.10/x, true", "file:///etc/passwd, true", "https:///nohost, true",
            "http://u:p@203.0.113.10/x, true"})
    void refusesInternalAndNonHttpTargets(String url, boolean refused) {
        assertThat(new WebhookTargets(false).refusal(url)).as(url).matches(r -> r.isPresent() == refused);
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:8080/x, false", "http://10.0.0.1/x, false", "ftp://127.0.0.1/x, true"})
    void theOperatorMayAllowPrivateTargetsButNeverOtherSchemes(String url, boolean refused) {
        assertThat(new WebhookTargets(true).refusal(url)).as(url).matches(r -> r.isPresent() == refused);
    }
}
