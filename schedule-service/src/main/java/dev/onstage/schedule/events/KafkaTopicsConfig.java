package dev.onstage.schedule.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/**
 * The public topics as {@link KafkaTopics} creates them when they do not exist ({@code onstage.kafka.*}, or
 * {@code ONSTAGE_KAFKA_*} in the environment); where operators create them (deploy/k8s/kafka-topics.yaml), the same
 * numbers.
 */
@ConfigMapping(prefix = "onstage.kafka")
public interface KafkaTopicsConfig {

    /** Partitions of the compacted {@code programme} topic ({@code talk-events} always has one). */
    @WithDefault("3")
    @Positive
    int programmePartitions();

    /** Replicas of every topic: 1 for a single broker. */
    @WithDefault("1")
    @Positive
    short replicationFactor();
}
