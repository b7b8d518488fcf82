package dev.onstage.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code talk.status}: where the talk stands in the programme. */
public enum TalkStatus {

    /** At its original time and room. */
    @JsonProperty("scheduled")
    SCHEDULED,
    /** Its time or room changed since it was first published. */
    @JsonProperty("moved")
    MOVED,
    /** It will not take place. */
    @JsonProperty("cancelled")
    CANCELLED
}
