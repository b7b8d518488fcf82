package dev.onstage.notification.calendar;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.onstage.notification.programme.ProgrammeListener;
import dev.onstage.notification.programme.ProgrammeReader;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The talks calendar feeds show, as the compacted {@code programme} topic has them ({@link ProgrammeReader}, which
 * agenda/KnownTalks reads from too): what a feed needs of each talk. The latest record of a talk replaces what was held,
 * a tombstone removes it; at most {@code onstage.calendar.max-talks} are held, with their texts cut (FeedTalk), so
 * memory stays bounded.
 */
@ApplicationScoped
public class FeedTalks implements ProgrammeListener {

    private static final Logger LOG = Logger.getLogger(FeedTalks.class);

    private final Map<String, FeedTalk> talks = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final int max;

    FeedTalks(ObjectMapper json, CalendarConfig config) {
        this.json = json;
        this.max = config.maxTalks();
    }

    @Override
    public void removed(String id) {
        talks.remove(id);
    }

    @Override
    public void published(String id, String record) {
        Optional<FeedTalk> talk;
        try {
            talk = FeedTalk.of(id, json.readTree(record));
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
