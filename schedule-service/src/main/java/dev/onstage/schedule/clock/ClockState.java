package dev.onstage.schedule.clock;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The one row of the shared clock. */
@Entity
@Table(name = "clock")
public class ClockState extends PanacheEntityBase {

    public enum Mode {
        realtime, replay
    }

    @Id
    public Integer id = 1;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Mode mode;

    @Column(name = "replay_from")
    public Instant replayFrom;

    @Column(nullable = false)
    public double speed = 1;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(nullable = false)
    public int run = 1;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    public ClockSettings settings() {
        return new ClockSettings(mode, replayFrom, speed, startedAt, run);
    }
}
