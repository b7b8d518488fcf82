package dev.onstage.notification.agenda;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An attendee; the tokens of their devices are in {@code attendee_token} ({@link AttendeeTokens}). */
@Entity
public class Attendee extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
