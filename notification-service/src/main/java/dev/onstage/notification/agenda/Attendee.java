package dev.onstage.notification.agenda;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class Attendee extends PanacheEntityBase {

    @Id
    public UUID id;

    /** SHA-256 of the attendee's secret token, hex. */
    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
