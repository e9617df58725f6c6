package io.rocketexpress.gateway.peer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerSignatureTest {

    private static final PeerSignature.Credential KEY =
            new PeerSignature.Credential("dubai-2026-11", "a-secret-of-at-least-thirty-two-chars");
    private static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");
    private static final byte[] BODY = "{\"status\":\"DELIVERED\"}".getBytes(StandardCharsets.UTF_8);

    private static String sign(String path, String partner, Instant at, byte[] body) {
        return PeerSignature.sign(KEY, "POST", path, partner, at, body);
    }

    @Test
    void aSignatureHoldsForExactlyWhatWasSignedWithinTheSkew() {
        PeerSignature.Parsed parsed = PeerSignature.parse(sign("/v1/tracking/X/events", "Acme", NOW, BODY));
        assertThat(parsed.keyId()).isEqualTo("dubai-2026-11");
        assertThat(parsed.timestamp()).isEqualTo(NOW.getEpochSecond());

        assertThat(PeerSignature.check(parsed, KEY, "POST", "/v1/tracking/X/events", "Acme",
                NOW.plus(Duration.ofMinutes(5)), BODY)).isEmpty();
        assertThat(PeerSignature.check(parsed, KEY, "POST", "/v1/tracking/X/events", "Acme",
                NOW.minus(Duration.ofMinutes(5)).minusSeconds(1), BODY)).get().asString()
                .contains("301 s away from this gateway's clock");
        assertThat(PeerSignature.check(parsed, KEY, "GET", "/v1/tracking/X/events", "Acme", NOW, BODY)).isPresent();
        assertThat(PeerSignature.check(parsed, KEY, "POST", "/v1/tracking/Y/events", "Acme", NOW, BODY)).isPresent();
        assertThat(PeerSignature.check(parsed, KEY, "POST", "/v1/tracking/X/events", "Acne", NOW, BODY)).isPresent();
        assertThat(PeerSignature.check(parsed, KEY, "POST", "/v1/tracking/X/events", "Acme", NOW, new byte[0]))
                .get().asString().isEqualTo("the signature does not match the request under key dubai-2026-11");
        PeerSignature.Credential other = new PeerSignature.Credential("dubai-2026-11",
                "another-secret-of-thirty-two-chars!!");
        assertThat(PeerSignature.check(parsed, other, "POST", "/v1/tracking/X/events", "Acme", NOW, BODY)).isPresent();
    }

    @Test
    void noBodyAndAnEmptyBodySignAlike() {
        assertThat(sign("/p", "A", NOW, null)).isEqualTo(sign("/p", "A", NOW, new byte[0]));
    }

    @Test
    void aMalformedHeaderIsRefusedSayingHowItReads() {
        assertThatThrownBy(() -> PeerSignature.parse("v1=abc")).hasMessageContaining("needs keyId, t and v1");
        assertThatThrownBy(() -> PeerSignature.parse("garbage")).hasMessageContaining("reads 'keyId=<id>, t=");
        assertThatThrownBy(() -> PeerSignature.parse("keyId=a-b, t=yesterday, v1=00"))
                .hasMessageContaining("seconds since 1970");
    }

    @Test
    void keysNameTheirRegionAndHaveLongSecretsWhichNeverShow() {
        assertThat(KEY.names("dubai")).isTrue();
        assertThat(KEY.names("dub")).isFalse();
        assertThat(new PeerSignature.Credential("kuala-lumpur-1", KEY.secret()).names("kuala-lumpur")).isTrue();
        assertThat(KEY.toString()).doesNotContain(KEY.secret());
        assertThatThrownBy(() -> new PeerSignature.Credential("dubai-1", "short"))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> new PeerSignature.Credential("Dubai 1", KEY.secret()))
                .hasMessageContaining("lower-case letters, digits and dashes");
    }
}
