package dev.onstage.notification.reminders;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

@Path("/api/reminders")
public class ReminderStreamResource {

    @Inject
    ReminderHub hub;

    /** Live talk events as Server-Sent Events: {@code id:} the event id, {@code event:} its type, {@code data:} JSON. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        // The data is already JSON text: sent as it is (a media type would add a content-type line per event).
        return hub.live().map(reminder -> sse.newEventBuilder()
                .id(reminder.id())
                .name(reminder.type())
                .data(reminder.data())
                .build());
    }
}
