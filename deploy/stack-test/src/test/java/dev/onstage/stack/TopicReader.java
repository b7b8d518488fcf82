package dev.onstage.stack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every record of talk-events from the beginning, on its own thread, across broker restarts, as another
 * conference app would: its own consumer group, no commits needed.
 */
final class TopicReader implements AutoCloseable {

    /** One record: its CloudEvents id, short type (talk.started), subject and time, and its late flag. */
    record Event(String id, String type, String subject, String time, boolean late) {

        /** What the event is about, independent of the clock run: type, subject, due instant. */
        String fact() {
            return type + " " + subject + " " + time;
        }
    }

    final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final Thread thread;

    TopicReader(String bootstrap) {
        thread = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                    "group.id", "stack-test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("talk-events"));
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        String type = header(record, "ce_type");
                        events.add(new Event(header(record, "ce_id"),
                                type == null ? null : type.replaceFirst("^onstage\\.", ""),
                                header(record, "ce_subject"), header(record, "ce_time"),
                                record.value() != null && record.value().contains("\"late\":true")));
                    }
                }
            }
        }, "talk-events-reader");
        thread.start();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    List<Event> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The ids in the topic's order, each once (the first time it appeared). */
    List<String> distinctIds() {
        Map<String, Boolean> ids = new LinkedHashMap<>();
        snapshot().forEach(e -> ids.putIfAbsent(e.id(), true));
        return List.copyOf(ids.keySet());
    }

    @Override
    public void close() throws InterruptedException {
        reading.set(false);
        thread.join();
    }
}
