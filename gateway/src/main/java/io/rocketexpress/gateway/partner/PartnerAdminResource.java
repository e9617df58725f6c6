package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The administrator's API: partners and their keys. Authenticated with the admin key. */
@Path("/admin/partners")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Partners and API keys; needs the admin key")
@SecurityRequirement(name = "apiKey")
public class PartnerAdminResource {

    private final Clock clock;
    private final PartnerKeys keys;

    PartnerAdminResource(Clock clock, PartnerKeys keys) {
        this.clock = clock;
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Create a partner and issue its first API key (shown once)")
    public Uni<Response> create(@Valid @NotNull NewPartner request) {
        String name = request.name().trim();
        return Partner.count("name", name).flatMap(existing -> {
            if (existing > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "a partner named '" + name + "' already exists");
            }
            Partner partner = new Partner();
            partner.id = UUID.randomUUID();
            partner.name = name;
            partner.createdAt = now();
            return partner.<Partner>persist()
                    .flatMap(saved -> issueKey(saved.id))
                    .map(key -> Response.created(URI.create("/admin/partners/" + partner.id))
                            .entity(new CreatedPartner(partner.id, partner.name, partner.createdAt, key))
                            .build());
        });
    }

    @GET
    @WithSession
    @Operation(summary = "List partners with their keys (never the secrets)")
    public Uni<List<PartnerView>> list() {
        return Partner.<Partner>listAll().flatMap(partners -> ApiKey.<ApiKey>listAll().map(keys -> {
            Map<UUID, List<KeyView>> byPartner = keys.stream().collect(Collectors.groupingBy(key -> key.partnerId,
                    Collectors.mapping(KeyView::of, Collectors.toList())));
            return partners.stream()
                    .map(p -> PartnerView.of(p, byPartner.getOrDefault(p.id, List.of())))
                    .toList();
        }));
    }

    @POST
    @Path("/{partnerId}/keys")
    @WithTransaction
    @Operation(summary = "Issue another API key to a partner (shown once), for example to rotate keys")
    public Uni<Response> issue(@PathParam("partnerId") UUID partnerId) {
        return Partner.<Partner>findById(partnerId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("no partner " + partnerId))
                .flatMap(partner -> issueKey(partner.id))
                .map(key -> Response.created(URI.create("/admin/partners/" + partnerId + "/keys/" + key.id()))
                        .entity(key).build());
    }

    @DELETE
    @Path("/{partnerId}/keys/{keyId}")
    @Operation(summary = "Revoke an API key at once; revoking twice is harmless")
    public Uni<Response> revoke(@PathParam("partnerId") UUID partnerId, @PathParam("keyId") UUID keyId) {
        return Panache.withTransaction(() -> ApiKey.<ApiKey>find("id = ?1 and partnerId = ?2", keyId, partnerId)
                        .firstResult()
                        .onItem().ifNull().failWith(() -> ProblemException.notFound(
                                "partner " + partnerId + " has no key " + keyId))
                        .invoke(key -> {
                            if (key.revokedAt == null) {
                                key.revokedAt = now();
                            }
                        }))
                // Committed: this replica forgets the key now; the others hear of it from the database.
                .invoke(key -> keys.forget(key.hash))
                .replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{partnerId}/suspend")
    @Operation(summary = "Suspend a partner: its own calls and those forwarded for it from other regions are "
            + "refused (403) at once, its keys kept; suspending twice is harmless")
    public Uni<PartnerView> suspend(@PathParam("partnerId") UUID partnerId) {
        return suspension(partnerId, true);
    }

    @POST
    @Path("/{partnerId}/resume")
    @Operation(summary = "Resume a suspended partner: its keys work again at once; resuming twice is harmless")
    public Uni<PartnerView> resume(@PathParam("partnerId") UUID partnerId) {
        return suspension(partnerId, false);
    }

    private Uni<PartnerView> suspension(UUID partnerId, boolean suspend) {
        return Panache.withTransaction(() -> Partner.<Partner>findById(partnerId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("no partner " + partnerId))
                        .invoke(partner -> {
                            if (suspend && partner.suspendedAt == null) {
                                partner.suspendedAt = now();
                            } else if (!suspend) {
                                partner.suspendedAt = null;
                            }
                        })
                        .flatMap(partner -> ApiKey.<ApiKey>list("partnerId", partnerId)
                                .map(keys -> Map.entry(partner, keys))))
                // Committed: this replica forgets the partner's keys now; the others hear of it from the database.
                .invoke(entry -> entry.getValue().forEach(key -> keys.forget(key.hash)))
                .map(entry -> PartnerView.of(entry.getKey(), entry.getValue().stream().map(KeyView::of).toList()));
    }

    private Uni<IssuedKey> issueKey(UUID partnerId) {
        KeySecrets.Issued issued = KeySecrets.issue();
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.partnerId = partnerId;
        key.prefix = issued.prefix();
        key.hash = issued.hash();
        key.createdAt = now();
        return key.<ApiKey>persist().map(saved -> new IssuedKey(saved.id, saved.prefix, issued.secret()));
    }

    private Instant now() {
        return clock.instant();
    }

    public record NewPartner(@NotBlank @Size(max = 200) String name) {
    }

    /** @param secret the API key itself: shown this once, never again */
    public record IssuedKey(UUID id, String prefix, String secret) {
    }

    public record CreatedPartner(UUID id, String name, Instant createdAt, IssuedKey apiKey) {
    }

    public record KeyView(UUID id, String prefix, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.id, key.prefix, key.createdAt, key.revokedAt);
        }
    }

    /** @param suspendedAt when the partner was suspended; absent while it may call */
    public record PartnerView(UUID id, String name, Instant createdAt, Instant suspendedAt, List<KeyView> keys) {
        static PartnerView of(Partner partner, List<KeyView> keys) {
            return new PartnerView(partner.id, partner.name, partner.createdAt, partner.suspendedAt, keys);
        }
    }
}
