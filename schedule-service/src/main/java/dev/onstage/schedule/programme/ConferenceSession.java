package dev.onstage.schedule.programme;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A block of talks in one room, e.g. the "Deep Learning" oral session in Ballroom 1 & 2. */
@Entity
@Table(name = "conference_session")
public class ConferenceSession extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "conference_id", nullable = false)
    public String conferenceId;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String room;

    public String moderator;

    @Column(name = "starts_at", nullable = false)
    public Instant start;

    @Column(name = "ends_at", nullable = false)
    public Instant end;
}
