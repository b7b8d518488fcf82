package dev.onstage.schedule.programme;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One change to a talk, recorded in the same transaction as the change itself (the clock publishes it). */
@Entity
@Table(name = "programme_change")
public class ProgrammeChange extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "programme_change_seq")
    @SequenceGenerator(name = "programme_change_seq", sequenceName = "programme_change_seq", allocationSize = 50)
    public Long id;

    public enum Kind {
        created, updated, moved, cancelled, restored
    }

    @Column(name = "talk_id", nullable = false)
    public String talkId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "old_starts_at")
    public Instant oldStart;

    @Column(name = "old_ends_at")
    public Instant oldEnd;

    @Column(name = "old_room")
    public String oldRoom;

    @Column(name = "new_starts_at")
    public Instant newStart;

    @Column(name = "new_ends_at")
    public Instant newEnd;

    @Column(name = "new_room")
    public String newRoom;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt = Instant.now();

    /** Turned into a talk event (moved, cancelled) already, or not worth one (created, updated). */
    @Column(nullable = false)
    public boolean announced;

    static ProgrammeChange of(Kind kind, Talk before, Talk after, String by) {
        ProgrammeChange change = new ProgrammeChange();
        change.kind = kind;
        change.talkId = after != null ? after.id : before.id;
        if (before != null) {
            change.oldStart = before.start;
            change.oldEnd = before.end;
            change.oldRoom = before.room;
        }
        if (after != null) {
            change.newStart = after.start;
            change.newEnd = after.end;
            change.newRoom = after.room;
        }
        change.changedBy = by;
        return change;
    }
}
