package dev.onstage.notification.agenda;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

/** A talk an attendee wants to be reminded of, and how many minutes before it starts. */
@Entity
@IdClass(Favourite.Key.class)
public class Favourite extends PanacheEntityBase {

    @Id
    @Column(name = "attendee_id")
    public UUID attendeeId;

    @Id
    @Column(name = "talk_id")
    public String talkId;

    @Column(name = "lead_minutes", nullable = false)
    public int leadMinutes;

    @Column(name = "added_at", insertable = false, updatable = false)
    public Instant addedAt;

    public static class Key implements Serializable {

        public UUID attendeeId;
        public String talkId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(attendeeId, key.attendeeId)
                    && Objects.equals(talkId, key.talkId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(attendeeId, talkId);
        }
    }
}
