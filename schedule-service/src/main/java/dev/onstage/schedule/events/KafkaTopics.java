package dev.onstage.schedule.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.onstage.contract.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Creates the public topics when they do not exist, before anything is published: {@code talk-events} and the
 * dead-letter topic (delete after the retention), {@code programme} (compacted: the latest state per talk).
 * Where operators manage topics themselves (Strimzi KafkaTopic), they already exist and nothing happens.
 *
 * <p>{@code talk-events} has one partition on purpose: one total order that every notification-service instance
 * reads the same way, so a client can resume after an event id on any instance, also after a restart (with several
 * partitions, two instances may interleave them differently). A few events per talk are far below what one
 * partition carries.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    // The Kafka connector's own setting, not ours (no mapping): read where it is used.
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    KafkaTopicsConfig config;

    void create(@Observes @Priority(100) StartupEvent start) {
        int programmePartitions = config.programmePartitions();
        short replicationFactor = config.replicationFactor();
        List<NewTopic> topics = List.of(
                new NewTopic(Topics.TALK_EVENTS, 1, replicationFactor),
                new NewTopic(Topics.DEAD_LETTERS, 1, replicationFactor),
                new NewTopic(Topics.PROGRAMME, programmePartitions, replicationFactor)
                        .configs(Map.of("cleanup.policy", "compact")));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                LOG.infof("Created Kafka topics %s", missing.stream().map(NewTopic::name).toList());
            }
            int talkEventPartitions = admin.describeTopics(List.of(Topics.TALK_EVENTS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.TALK_EVENTS).partitions().size();
            if (talkEventPartitions != 1) {
                LOG.warnf("Topic %s has %d partitions: resuming a reminder stream on another notification-service "
                        + "instance may then miss or repeat events. Create it with one partition.",
                        Topics.TALK_EVENTS, talkEventPartitions);
            }
        } catch (Exception e) {
            // The service still starts: events wait in the outbox, and readiness says the broker is missing.
            LOG.warnf("Could not check or create the Kafka topics at %s: %s", bootstrapServers, e.toString());
        }
    }
}
