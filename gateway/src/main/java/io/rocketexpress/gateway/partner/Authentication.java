package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.peer.PeerSignature;
import io.rocketexpress.gateway.peer.PeerSignatures;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every {@code /v1} request needs a live partner key and stays within its partner's rate limit; every
 * {@code /admin} request needs the admin key. Another region's gateway instead signs its request with its
 * region's peer key ({@link PeerSignatures}) and names the partner it calls for ({@link OnBehalfOf}), or names
 * none to read what this region shows the public ({@value #PEER_READS}). Failures answer problem+json, never a
 * bare status.
 */
public class Authentication {

    /** Where other regions' gateways read what this one shows the public, with the peer key alone. */
    public static final String PEER_READS = "/v1/peer/";

    private final GatewayConfig config;
    private final CallingPartner caller;
    private final PartnerCredentials credentials;

    Authentication(GatewayConfig config, CallingPartner caller, PartnerCredentials credentials) {
        this.config = config;
        this.caller = caller;
        this.credentials = credentials;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request, RoutingContext routing) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith(PEER_READS)) {
            peerRead(PeerSignatures.region(routing));
            return Uni.createFrom().voidItem();
        }
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            String onBehalfOf = request.getHeaderString(OnBehalfOf.HEADER);
            Optional<String> signedBy = PeerSignatures.region(routing);
            if (onBehalfOf != null || signedBy.isPresent()) {
                return peer(signedBy, onBehalfOf);
            }
            return partner(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            admin(PartnerCredentials.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> partner(String authorization) {
        return credentials.admit(authorization)
                .invoke(partner -> caller.authenticated(partner.id(), partner.name()))
                .replaceWithVoid();
    }

    /**
     * A request another region's gateway forwards for one of its partners, signed with that region's peer key
     * (checked by {@link PeerSignatures}, which also keeps it to what peers forward). The partner is the one
     * of that name here, with its own rate limit, and refused while suspended.
     */
    private Uni<Void> peer(Optional<String> signedBy, String onBehalfOf) {
        if (signedBy.isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "the " + OnBehalfOf.HEADER + " header comes"
                    + " from Rocket Express gateways only, on requests signed with their region's peer key ("
                    + PeerSignature.HEADER + ")");
        }
        String name = partnerName(onBehalfOf);
        return Panache.withSession(() -> Partner.<Partner>find("name", name).firstResult())
                .invoke(partner -> {
                    if (partner == null) {
                        // It cannot own a parcel here: only a partner of this region books from it.
                        throw ProblemException.notFound("partner '" + name + "' has no account in this region"
                                + " (" + config.gateway().region() + "), so no parcel here");
                    }
                    credentials.admit(partner.id, partner.name, partner.suspendedAt != null);
                    caller.authenticatedThroughPeer(partner.id, partner.name);
                })
                .replaceWithVoid();
    }

    /**
     * A read of what this region shows the public (its departures, a parcel's public journey), by another region's
     * gateway for its own pages: signed with that region's peer key, for no partner.
     */
    private static void peerRead(Optional<String> signedBy) {
        if (signedBy.isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, PEER_READS + " is for Rocket Express gateways"
                    + " only, on requests signed with their region's peer key (" + PeerSignature.HEADER + ")");
        }
    }

    private static String partnerName(String onBehalfOf) {
        if (onBehalfOf == null || onBehalfOf.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "a request signed with a peer key names its"
                    + " partner in the " + OnBehalfOf.HEADER + " header");
        }
        try {
            return OnBehalfOf.decode(onBehalfOf);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "the " + OnBehalfOf.HEADER
                    + " header must hold the partner's name URL-encoded: " + e.getMessage());
        }
    }

    private void admin(String secret) {
        String adminKey = config.gateway().adminKey().filter(key -> !key.isBlank())
                .orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                        "the admin API is disabled: no admin key is configured (rocketexpress.gateway.admin-key)",
                        List.of(), Duration.ofMinutes(5)));
        if (!KeySecrets.same(secret, adminKey)) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "the admin API needs the admin key");
        }
    }
}
