package io.rocketexpress.gateway.partner;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A logistics company that books and tracks parcels through the API. */
@Entity
@Table(name = "partner")
public class Partner extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the partner was suspended; null while it may call. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
}
