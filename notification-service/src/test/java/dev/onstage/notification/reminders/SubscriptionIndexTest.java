package dev.onstage.notification.reminders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.contract.TalkEventType;

/** The index finds the subscriptions an event may match, and only those; each still checks its whole filter. */
class SubscriptionIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubscriptionIndex index = new SubscriptionIndex();

    @Test
    void anEventVisitsTheSubscriptionsOfItsTalkSessionRoomsSpeakersAndTypeAndTheUnfilteredOnes() throws Exception {
        Reminder moved = moved("t1", "s1", "Room B", "Room A", "Ada Lovelace");
        Subscription byTalk = add(filter(List.of("t1"), null, null, null, null));
        Subscription byOtherTalk = add(filter(List.of("t2"), null, null, null, null));
        Subscription bySession = add(filter(null, null, List.of("s1"), null, null));
        Subscription byBothRooms = add(filter(null, List.of("Room A", "Room B"), null, null, null));
        Subscription byOtherRoom = add(filter(null, List.of("Room C"), null, null, null));
        Subscription bySpeaker = add(filter(null, null, null, List.of("ADA LOVELACE"), null));
        Subscription byType = add(filter(null, null, null, null, List.of("talk.moved")));
        Subscription byOtherType = add(filter(null, null, null, null, List.of("talk.started")));
        Subscription everything = add(filter(null, null, null, null, null));

        List<Subscription> visited = candidates(moved);
        // The subscription of both rooms is found under each of them: the shard visits it once (Subscription#visitedSeq).
        assertEquals(2, visited.stream().filter(s -> s == byBothRooms).count());
        assertEquals(Set.of(byTalk, bySession, byBothRooms, bySpeaker, byType, everything), Set.copyOf(visited));
        assertEquals(Set.of(), Set.of(byOtherTalk, byOtherRoom, byOtherType).stream().filter(visited::contains)
                .collect(Collectors.toSet()));
    }

    @Test
    void aFilterOnSeveralParametersIsIndexedUnderOneAndStillChecksAll() throws Exception {
        Subscription talkAndType = add(filter(List.of("t1"), null, null, null, List.of("talk.started")));
        Reminder moved = moved("t1", "s1", "Room B", "Room A", "Ada");
        assertEquals(List.of(talkAndType), candidates(moved));
        assertEquals(false, talkAndType.wants(moved));
    }

    @Test
    void aRemovedSubscriptionIsNoLongerVisitedAndTheOthersStay() throws Exception {
        Subscription first = add(filter(null, List.of("Room A"), null, null, null));
        Subscription second = add(filter(null, List.of("Room A"), null, null, null));
        Subscription third = add(filter(null, List.of("Room A"), null, null, null));
        index.remove(first);
        index.remove(third);
        assertEquals(List.of(second), candidates(moved("t1", "s1", "Room A", "Room A", "Ada")));
        index.remove(second);
        assertEquals(List.of(), candidates(moved("t1", "s1", "Room A", "Room A", "Ada")));
    }

    private Subscription add(ReminderFilter filter) {
        Subscription subscription = new Subscription(null, filter, null, () -> { });
        index.add(subscription);
        return subscription;
    }

    private List<Subscription> candidates(Reminder reminder) {
        List<Subscription> visited = new ArrayList<>();
        index.forEachCandidate(reminder, visited::add);
        return visited;
    }

    private static ReminderFilter filter(List<String> talks, List<String> rooms, List<String> sessions,
            List<String> speakers, List<String> types) {
        return ReminderFilter.of(talks, rooms, sessions, speakers, types, 50);
    }

    private static Reminder moved(String talk, String session, String room, String previousRoom, String speaker)
            throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(TalkEventType.TALK_MOVED.exampleData());
        ObjectNode talkNode = (ObjectNode) data.get("talk");
        talkNode.put("id", talk).put("room", room).putArray("speakers").add(speaker);
        ((ObjectNode) data.get("session")).put("id", session);
        ((ObjectNode) data.get("previous")).put("room", previousRoom);
        return Reminder.of("id-" + talk, TalkEventType.TALK_MOVED, talk, data, data.toString(), 0);
    }
}
