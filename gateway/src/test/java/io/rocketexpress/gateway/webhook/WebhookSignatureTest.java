package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.common.Digests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void headerSignsTheTimeAndTheBodyTogether() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
        assertThat(Digests.hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        String header = WebhookSignature.header("whsec_test", 1_700_000_000L, "{\"id\":\"1\"}");
        assertThat(header).isEqualTo("t=1700000000,v1=" + Digests.hmacSha256Hex("whsec_test", "1700000000.{\"id\":\"1\"}"));
        assertThat(WebhookSignature.header("whsec_test", 1_700_000_001L, "{\"id\":\"1\"}")).isNotEqualTo(header);
    }

    @Test
    void duringARotationTheHeaderCarriesOneSignaturePerSecretNewestFirst() {
        String body = "{\"id\":\"1\"}";
        assertThat(WebhookSignature.header(java.util.List.of("whsec_new", "whsec_old"), 1_700_000_000L, body))
                .isEqualTo("t=1700000000,v1=" + Digests.hmacSha256Hex("whsec_new", "1700000000." + body)
                        + ",v1=" + Digests.hmacSha256Hex("whsec_old", "1700000000." + body));
        assertThat(WebhookSignature.header(java.util.List.of("whsec_new"), 1_700_000_000L, body))
                .isEqualTo(WebhookSignature.header("whsec_new", 1_700_000_000L, body));
    }

    @Test
    void secretsAreLongAndNeverRepeat() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_").hasSize("whsec_".length() + 43);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }
}
