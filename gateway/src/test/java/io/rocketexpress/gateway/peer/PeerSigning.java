package io.rocketexpress.gateway.peer;

import io.restassured.filter.Filter;
import io.rocketexpress.gateway.partner.OnBehalfOf;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Signs the tests' requests as another region's gateway would, and knows the tests' keys. */
public final class PeerSigning {

    /** This gateway's own key in the tests, with which it signs what it forwards. */
    public static final PeerSignature.Credential OWN =
            new PeerSignature.Credential("hangzhou-tests", "hangzhou-peer-secret-for-the-tests-only");
    /** The two keys region "answering" signs with while it rotates. */
    public static final PeerSignature.Credential ANSWERING_OLD =
            new PeerSignature.Credential("answering-2026-10", "answering-old-secret-for-the-tests-only");
    public static final PeerSignature.Credential ANSWERING_NEW =
            new PeerSignature.Credential("answering-2026-11", "answering-new-secret-for-the-tests-only");

    private PeerSigning() {
    }

    /** How {@link PeerNetwork} configures the keys region "answering" is accepted under. */
    static String answeringCredentials() {
        return ANSWERING_OLD.keyId() + ":" + ANSWERING_OLD.secret() + "," + ANSWERING_NEW.keyId() + ":"
                + ANSWERING_NEW.secret();
    }

    /** Signs each request with the key, at the time given, as the request goes out. */
    public static Filter signedWith(PeerSignature.Credential key, Instant at) {
        return (request, response, context) -> {
            URI uri = URI.create(request.getURI());
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Object body = request.getBody();
            byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
            request.header(PeerSignature.HEADER, PeerSignature.sign(key, request.getMethod(), pathAndQuery,
                    request.getHeaders().getValue(OnBehalfOf.HEADER), at, bytes));
            return context.next(request, response);
        };
    }

    public static Filter signedWith(PeerSignature.Credential key) {
        return signedWith(key, Instant.now());
    }

    /** Whether a request this gateway sent carries a signature under its own key that matches what arrived. */
    public static boolean signedByThisRegion(StubGateway.Received request) {
        String header = request.header(PeerSignature.HEADER);
        if (header == null) {
            return false;
        }
        PeerSignature.Parsed signature = PeerSignature.parse(header);
        return signature.keyId().equals(OWN.keyId()) && PeerSignature.check(signature, OWN, request.method(),
                request.pathAndQuery(), request.header(OnBehalfOf.HEADER), Instant.now(),
                request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8)).isEmpty();
    }
}
