package io.rocketexpress.gateway.webhook;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Endpoint secrets at rest: AES-GCM under a key from configuration, stored as {@code v1:<base64 of nonce,
 * ciphertext and tag>}. The partner's id is authenticated with it, so a secret copied onto another partner's row
 * does not open. A value without the prefix is a secret stored before encryption, read as it is; the next
 * registration stores its successor encrypted.
 */
final class SecretCipher {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKeySpec> key;

    SecretCipher(Optional<String> base64Key) {
        this.key = base64Key.filter(value -> !value.isBlank()).map(SecretCipher::key);
    }

    boolean ready() {
        return key.isPresent();
    }

    String seal(UUID partner, String secret) {
        SecretKeySpec aes = key.orElseThrow(() -> new IllegalStateException("no key to encrypt webhook secrets"));
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(partner.toString().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has AES/GCM", e);
        }
    }

    String open(UUID partner, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        SecretKeySpec aes = key.orElseThrow(() -> new IllegalStateException(
                "a webhook secret is encrypted but rocketexpress.gateway.webhooks.secrets-key is not set"));
        byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(partner.toString().getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a webhook secret does not open with the configured key: "
                    + "rocketexpress.gateway.webhooks.secrets-key changed, or the row was altered", e);
        }
    }

    private static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rocketexpress.gateway.webhooks.secrets-key is not base64", e);
        }
        if (bytes.length != 16 && bytes.length != 32) {
            throw new IllegalArgumentException("rocketexpress.gateway.webhooks.secrets-key must be 16 or 32 bytes "
                    + "(base64), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
