package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.common.Digests;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The {@code RocketExpress-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} with
 * the endpoint's secret. The time is signed with the body, so a receiver can refuse an old delivery replayed.
 * While a replaced secret still signs, the header carries one {@code v1} per secret, the newest first: a
 * receiver accepts the delivery when any of them matches the secret it holds.
 */
public final class WebhookSignature {

    public static final String HEADER = "RocketExpress-Signature";
    static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new endpoint secret: 256 random bits. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The header's value for a body sent at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + Digests.hmacSha256Hex(secret, unixSeconds + "." + body);
    }

    /** The header's value signed with each secret, the newest first. */
    public static String header(List<String> secrets, long unixSeconds, String body) {
        StringBuilder header = new StringBuilder("t=").append(unixSeconds);
        for (String secret : secrets) {
            header.append(",v1=").append(Digests.hmacSha256Hex(secret, unixSeconds + "." + body));
        }
        return header.toString();
    }

}
