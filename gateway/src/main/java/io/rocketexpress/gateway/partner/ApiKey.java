package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One API key of a partner, known only by its hash and its first characters. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partner_id", nullable = false)
    public UUID partnerId;

    /** The key's first characters, so a partner can tell its keys apart. */
    @Column(nullable = false)
    public String prefix;

    /** SHA-256 of the key, hex. */
    @Column(nullable = false, unique = true)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
