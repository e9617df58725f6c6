package io.rocketexpress.gateway.peer;

import io.rocketexpress.gateway.common.Digests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one region's gateway signs what it forwards to another's, and how the other checks it. The
 * {@value #HEADER} header reads {@code keyId=<id>, t=<unix seconds>, v1=<hex HMAC-SHA256>}; the HMAC, under
 * the secret of the sending region's key, covers one line each of:
 * <ol>
 *   <li>the method;</li>
 *   <li>the path and query, as sent;</li>
 *   <li>the {@code RocketExpress-Partner} header, as sent;</li>
 *   <li>the timestamp;</li>
 *   <li>the SHA-256 of the body, in hex (of no bytes, for a request without a body).</li>
 * </ol>
 * A receiver takes only keys it was given for that region, and only timestamps within {@link #SKEW} of its
 * own clock, so a captured request cannot be sent again for long, nor altered at all.
 */
public final class PeerSignature {

    public static final String HEADER = "RocketExpress-Signature";
    public static final Duration SKEW = Duration.ofMinutes(5);
    /** The shortest secret accepted: 32 characters, so an HMAC key has at least 128 bits of a random text. */
    public static final int MIN_SECRET_LENGTH = 32;

    private PeerSignature() {
    }

    /** A region's key: its id names the region ({@code <region>-<label>}), its secret is shared with the peers. */
    public record Credential(String keyId, String secret) {

        public Credential {
            if (keyId == null || !keyId.matches("[a-z0-9][a-z0-9-]{0,99}")) {
                throw new IllegalArgumentException("a peer key id is lower-case letters, digits and dashes, like"
                        + " hangzhou-2026-11, not '" + keyId + "'");
            }
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("the secret of peer key " + keyId + " must have at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
        }

        /** Whether the key id names that region: {@code dubai-2026-11} names {@code dubai}. */
        public boolean names(String region) {
            return keyId.startsWith(region + "-") && keyId.length() > region.length() + 1;
        }

        @Override
        public String toString() {
            return "Credential[" + keyId + "]";
        }
    }

    /** What a request's header says. */
    public record Parsed(String keyId, long timestamp, String signature) {
    }

    /** The header's value for a request. */
    public static String sign(Credential key, String method, String pathAndQuery, String partner, Instant at,
                              byte[] body) {
        long timestamp = at.getEpochSecond();
        return "keyId=" + key.keyId() + ", t=" + timestamp + ", v1="
                + Digests.hmacSha256Hex(key.secret(), canonical(method, pathAndQuery, partner, timestamp, body));
    }

    /**
     * Reads the header.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Parsed parse(String header) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : header.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("the " + HEADER + " header reads 'keyId=<id>, t=<unix seconds>,"
                        + " v1=<signature>'");
            }
            fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
        }
        String keyId = fields.get("keyId");
        String t = fields.get("t");
        String v1 = fields.get("v1");
        if (keyId == null || t == null || v1 == null) {
            throw new IllegalArgumentException("the " + HEADER + " header needs keyId, t and v1");
        }
        try {
            return new Parsed(keyId, Long.parseLong(t), v1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the t of the " + HEADER + " header is seconds since 1970, not '" + t
                    + "'");
        }
    }

    /**
     * Checks a parsed header against the request and the key it names.
     *
     * @return why it fails, or empty when it is good
     */
    public static Optional<String> check(Parsed parsed, Credential key, String method, String pathAndQuery,
                                         String partner, Instant now, byte[] body) {
        long skew = Math.abs(now.getEpochSecond() - parsed.timestamp());
        if (skew > SKEW.toSeconds()) {
            return Optional.of("the signature's time is " + skew + " s away from this gateway's clock; at most "
                    + SKEW.toSeconds() + " s are accepted: check both regions' clocks");
        }
        String expected = Digests.hmacSha256Hex(key.secret(), canonical(method, pathAndQuery, partner, parsed.timestamp(), body));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parsed.signature().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the signature does not match the request under key " + key.keyId());
        }
        return Optional.empty();
    }

    static String canonical(String method, String pathAndQuery, String partner, long timestamp, byte[] body) {
        return method + "\n" + pathAndQuery + "\n" + (partner == null ? "" : partner) + "\n" + timestamp + "\n"
                + Digests.sha256Hex(body == null ? new byte[0] : body);
    }

}
