package dev.onstage.notification.calendar;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The talks calendar feeds show, as the compacted {@code programme} topic has them: notification-service has no
 * programme table, so this reads the topic from the beginning at every start (the same channel as agenda/KnownTalks,
 * broadcast to both) and keeps what a feed needs of each talk. The latest record of a talk replaces what was held, a tombstone removes it;
 * at most {@code onstage.calendar.max-talks} are held, with their texts cut (FeedTalk), so memory stays bounded.
 */
@ApplicationScoped
public class FeedTalks {

    private static final Logger LOG = Logger.getLogger(FeedTalks.class);

    private final Map<String, FeedTalk> talks = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final int max;

    FeedTalks(ObjectMapper json, CalendarConfig config) {
        this.json = json;
        this.max = config.maxTalks();
    }

    @Incoming("programme")
    void record(ConsumerRecord<String, String> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        if (record.value() == null) {
            talks.remove(id);
            return;
        }
        Optional<FeedTalk> talk;
        try {
            talk = FeedTalk.of(id, json.readTree(record.value()));
        } catch (JsonProcessingException e) {
            talk = Optional.empty();
        }
        if (talk.isEmpty()) {
            LOG.debugf("Programme record of talk %s is not a talk a calendar can show: left out of feeds", id);
            talks.remove(id);
        } else if (talks.size() < max || talks.containsKey(id)) {
            talks.put(id, talk.get());
        } else {
            LOG.warnf("The programme has more than %d talks (onstage.calendar.max-talks): talk %s is left out of "
                    + "calendar feeds", max, id);
        }
    }

    /** The talk as last read, if it is in the programme. */
    public Optional<FeedTalk> get(String id) {
        return Optional.ofNullable(talks.get(id));
    }
}
