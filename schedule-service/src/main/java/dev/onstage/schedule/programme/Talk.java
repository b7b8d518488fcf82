package dev.onstage.schedule.programme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;

@Entity
public class Talk extends PanacheEntityBase {

    public enum Status {
        scheduled, moved, cancelled
    }

    /** Stable id from the imported programme (its guid, else its id), so that re-imports update in place. */
    @Id
    public String id;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(nullable = false)
    public String title;

    /** In the order the programme lists them. */
    @Convert(converter = SpeakerListConverter.class)
    @Column(nullable = false)
    public List<String> speakers = new ArrayList<>();

    @Column(name = "abstract")
    public String abstractText;

    @Column(nullable = false)
    public String room;

    @Column(name = "starts_at", nullable = false)
    public Instant start;

    @Column(name = "ends_at", nullable = false)
    public Instant end;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.scheduled;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    /** Where and when the talk is now, detached: the "before" of a recorded change. */
    Talk slot() {
        Talk copy = new Talk();
        copy.id = id;
        copy.start = start;
        copy.end = end;
        copy.room = room;
        return copy;
    }
}
