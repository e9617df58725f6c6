package io.rocketexpress.gateway.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The digests against published test vectors (FIPS 180-2 for SHA-256, the usual HMAC-SHA256 example). */
class DigestsTest {

    @Test
    void sha256OfBytesAndOfTextAgree() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(Digests.sha256Hex("abc")).isEqualTo(abc);
        assertThat(Digests.sha256Hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(abc);
        assertThat(Digests.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void hmacSha256() {
        assertThat(Digests.hmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }
}
