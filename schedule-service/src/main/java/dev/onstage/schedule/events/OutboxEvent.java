package dev.onstage.schedule.events;

import java.time.Instant;

import dev.onstage.contract.TalkEventType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A talk event that is due, or will be: a row of the transactional outbox. */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {

    /** The CloudEvent id: stable for the same fact, so a re-send after a crash carries the same id. */
    @Id
    public String id;

    @Column(nullable = false)
    public int run;

    /** Stored as its CloudEvents type, e.g. onstage.talk.upcoming. */
    @Column(nullable = false)
    @Convert(converter = TalkEventTypeColumn.class)
    public TalkEventType type;

    /** Talk id, or session id for session events: the Kafka key and ce_subject. */
    @Column(nullable = false)
    public String subject;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Column(name = "lead_minutes")
    public Integer leadMinutes;

    @Column(name = "change_id")
    public Long changeId;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "sent_at")
    public Instant sentAt;

    public Boolean late;

    /** null while pending. */
    @Enumerated(EnumType.STRING)
    public Outcome outcome;

    /** What became of an event (stored by name). */
    public enum Outcome {
        /** The broker acknowledged it. */
        sent,
        /** It was no longer worth sending when due (see docs/events.md), so it was not. */
        stale,
        /** Kafka refused it as too large; it went to the dead-letter topic instead (see docs/events.md). */
        dead_letter
    }
}
