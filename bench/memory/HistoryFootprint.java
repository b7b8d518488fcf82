import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Heap that notification-service's reminder history holds: fills the real ReminderHub with N talk events built from
 * the contract's talk.upcoming example (compact JSON, distinct ids and talk ids, as records from Kafka would be) and
 * reports the heap retained per event. See docs/scaling.md for the figures and how to run it.
 */
public class HistoryFootprint {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path example = Path.of(args.length > 1 ? args[1]
                : "contract/src/main/resources/onstage/contract/examples/talk.upcoming.json");
        ObjectMapper json = new ObjectMapper();
        String template = json.readTree(Files.readString(example)).toString();

        Class<?> hubClass = Class.forName("dev.onstage.notification.reminders.ReminderHub");
        Class<?> reminderClass = Class.forName("dev.onstage.notification.reminders.Reminder");
        Constructor<?> newHub = hubClass.getDeclaredConstructor(int.class);
        Method of = reminderClass.getDeclaredMethod("of", String.class, String.class, String.class, JsonNode.class,
                String.class, long.class);
        Method publish = hubClass.getDeclaredMethod("publish", reminderClass);
        newHub.setAccessible(true);
        of.setAccessible(true);
        publish.setAccessible(true);

        long before = usedHeap();
        Object hub = newHub.newInstance(events);
        String talkId = "icml2022-deep-learning-4";
        for (int i = 0; i < events; i++) {
            String talk = "talk-" + (100_000 + i);
            String data = template.replace(talkId, talk);
            Object reminder = of.invoke(null, "1/talk.upcoming/" + talk + "/10", "talk.upcoming", talk, json.readTree(data),
                    data, System.currentTimeMillis());
            publish.invoke(hub, reminder);
        }
        long after = usedHeap();
        System.out.printf("%d events of %d bytes of JSON each: %.1f MB retained, %.0f bytes per event%n", events,
                template.length(), (after - before) / 1e6, (after - before) / (double) events);
        if (hub.hashCode() == 42) {
            System.out.println(); // keeps the hub reachable until after the measurement
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
