package io.rocketexpress.gateway.partner;

import io.rocketexpress.gateway.common.Digests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API key secrets: 256 random bits behind a recognisable prefix. Keys this long need no slow hash; a
 * SHA-256 lets a key be found by its hash with one index lookup, and the database never holds a key.
 */
final class KeySecrets {

    static final String PREFIX = "rx_";
    private static final int PREFIX_SHOWN = PREFIX.length() + 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    /** A new key; its secret is to be shown once and forgotten. */
    static Issued issue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(secret, secret.substring(0, PREFIX_SHOWN), hash(secret));
    }

    static String hash(String secret) {
        return Digests.sha256Hex(secret);
    }

    /** Compares two secrets in time independent of where they differ. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    record Issued(String secret, String prefix, String hash) {
    }
}
