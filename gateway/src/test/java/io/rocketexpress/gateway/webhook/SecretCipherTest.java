package io.rocketexpress.gateway.webhook;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final SecretCipher cipher = new SecretCipher(Optional.of(KEY));
    private final UUID partner = UUID.randomUUID();

    @Test
    void sealedSecretOpensOnlyForItsPartnerAndKey() {
        String sealed = cipher.seal(partner, "whsec_abc");
        assertThat(sealed).startsWith("v1:").doesNotContain("abc");
        assertThat(cipher.seal(partner, "whsec_abc")).isNotEqualTo(sealed);
        assertThat(cipher.open(partner, sealed)).isEqualTo("whsec_abc");
        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), sealed)).isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretCipher(Optional.of(Base64.getEncoder().encodeToString(other)))
                .open(partner, sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secretStoredBeforeEncryptionIsReadAsItIs() {
        assertThat(cipher.open(partner, "whsec_plain")).isEqualTo("whsec_plain");
        assertThat(new SecretCipher(Optional.empty()).open(partner, "whsec_plain")).isEqualTo("whsec_plain");
    }

    @Test
    void keyMustBeAnAesKey() {
        assertThat(new SecretCipher(Optional.empty()).ready()).isFalse();
        assertThat(new SecretCipher(Optional.of(" ")).ready()).isFalse();
        assertThatThrownBy(() -> new SecretCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[20]))))
                .hasMessageContaining("16 or 32 bytes");
    }
}
