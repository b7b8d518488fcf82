package dev.onstage.notification.calendar;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;

/**
 * Calendar feeds ({@code onstage.calendar.*}, or {@code ONSTAGE_CALENDAR_*} in the environment). The value and its
 * meaning are in application.properties, the one place of its default.
 */
@ConfigMapping(prefix = "onstage.calendar")
public interface CalendarConfig {

    /** Talks whose calendar data is held in memory. */
    @Positive
    int maxTalks();
}
