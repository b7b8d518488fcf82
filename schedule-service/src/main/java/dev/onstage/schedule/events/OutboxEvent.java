package dev.onstage.schedule.events;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

    /** CloudEvents type, e.g. onstage.talk.upcoming. */
    @Column(nullable = false)
    public String type;

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

    /** null while pending; "sent", or "stale" when it was no longer worth sending (see docs/events.md). */
    public String outcome;
}
