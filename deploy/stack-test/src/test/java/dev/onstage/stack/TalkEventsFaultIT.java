package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real faults on real processes: two schedule-service JVMs replay the seed against one database; one is killed
 * with SIGKILL mid-replay and started again, then the Kafka broker is stopped and started again. Every expected
 * talk event must arrive, and no event may arrive twice while nothing was killed.
 */
class TalkEventsFaultIT {

    /** The seed: 14 talks x (2 reminders, start, end) + the session's start and end. */
    private static final int EXPECTED = 58;

    @RegisterExtension
    final RealStack stack = new RealStack(TalkEventsFaultIT.class);

    @Test
    void killedInstanceAndRestartedBrokerLoseNothing() throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = startReading(stack.kafka().bootstrapServers(), seen, reading);

        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        ServiceProcess a = startService("a", portA).awaitReady();
        ServiceProcess b = startService("b", portB).awaitReady();

        // Both instances run the replay; wait until a quarter of it is out, then SIGKILL one and restart it.
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= EXPECTED / 4);
        Map<String, Integer> beforeKill = Map.copyOf(seen);
        a.kill();
        startService("a2", portA).awaitReady();

        // Then the broker goes away for a few seconds (events wait in the outbox) and comes back.
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= EXPECTED / 2);
        stack.stopKafka();
        // The services stay up but say they are not ready while due events cannot go out.
        await().atMost(Duration.ofSeconds(30)).until(() -> b.readiness() == 503);
        stack.kafka();
        await().atMost(Duration.ofSeconds(60)).until(() -> b.readiness() == 200);

        await().atMost(Duration.ofSeconds(120)).until(() -> seen.size() >= EXPECTED);
        // Keep reading a little: a re-send after the kill would arrive now and be counted as a duplicate.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> seen.size() == EXPECTED);
        reading.set(false);
        reader.join();

        long duplicates = seen.values().stream().filter(n -> n > 1).count();
        long duplicatesBeforeKill = beforeKill.values().stream().filter(n -> n > 1).count();
        System.out.printf("fault suite: expected %d, received %d distinct, lost %d, duplicated %d (before the kill: %d)%n",
                EXPECTED, seen.size(), EXPECTED - seen.size(), duplicates, duplicatesBeforeKill);
        assertEquals(EXPECTED, seen.size(), "every expected event arrives: " + seen.keySet());
        assertEquals(0, duplicatesBeforeKill, "two healthy instances publish each event once: " + beforeKill);
    }

    private ServiceProcess startService(String name, int port) throws IOException {
        return stack.start("schedule-service", name, port, Map.of(
                // The seed from 5 minutes before its first reminder, at 120x: 105 programme minutes in under a minute.
                "ONSTAGE_CLOCK_MODE", "replay",
                "ONSTAGE_CLOCK_REPLAY_FROM", "2022-07-21T14:15:00Z",
                "ONSTAGE_CLOCK_SPEED", "120",
                // A killed instance's claimed events go to the others after 1 s (2 programme minutes), before they
                // go stale.
                "ONSTAGE_EVENTS_LEASE", "1s"));
    }

    /** Counts every talk event by its ce_id, across broker restarts. */
    private static Thread startReading(String bootstrap, Map<String, Integer> seen, AtomicBoolean reading) {
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                    "group.id", "fault-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("talk-events"));
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        var id = record.headers().lastHeader("ce_id");
                        if (id != null) {
                            seen.merge(new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                        }
                    }
                }
            }
        }, "talk-events-reader");
        reader.start();
        return reader;
    }
}
