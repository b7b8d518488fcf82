package dev.onstage.notification.reminders;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import dev.onstage.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the history has been rebuilt from {@code talk-events} after a start: read up to the end offsets the topic
 * had when the service started. Until then the instance is not ready, and streams wait, so that a client resuming
 * on a fresh instance finds its last id instead of getting a reset and the history again.
 */
@ApplicationScoped
public class HistoryCatchUp {

    private static final Logger LOG = Logger.getLogger(HistoryCatchUp.class);

    private final String bootstrapServers;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Map<Integer, Long> read = new ConcurrentHashMap<>();
    // The end offset of each partition at start (the next offset to be written); null until known.
    private volatile Map<Integer, Long> target;
    private volatile long lastAttempt;
    private final AtomicBoolean asking = new AtomicBoolean();

    // The Kafka connector's own setting, not ours (no mapping): read where it is used.
    HistoryCatchUp(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Completes once the history holds everything the topic had at start. */
    public Uni<Void> ready() {
        learnTarget();
        return Uni.createFrom().completionStage(caughtUp);
    }

    boolean isCaughtUp() {
        learnTarget();
        return caughtUp.isDone();
    }

    String endOffsetsAtStart() {
        return String.valueOf(target);
    }

    String readOffsets() {
        return String.valueOf(read);
    }

    /** The consumer read (and handled) this record. */
    void read(int partition, long offset) {
        read.merge(partition, offset, Math::max);
        check();
    }

    /** Readiness: DOWN until the history is rebuilt. */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {

        private final HistoryCatchUp catchUp;

        Check(HistoryCatchUp catchUp) {
            this.catchUp = catchUp;
        }

        @Override
        public HealthCheckResponse call() {
            // Through methods: the injected bean is a client proxy, its fields are not the bean's.
            return HealthCheckResponse.named("reminder history rebuilt")
                    .status(catchUp.isCaughtUp())
                    .withData("endOffsetsAtStart", catchUp.endOffsetsAtStart())
                    .withData("read", catchUp.readOffsets())
                    .build();
        }
    }

    private void check() {
        Map<Integer, Long> end = target;
        if (end != null && !caughtUp.isDone() && end.entrySet().stream()
                .allMatch(e -> e.getValue() == 0 || read.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1)) {
            LOG.infof("Reminder history rebuilt from %s up to offsets %s", Topics.TALK_EVENTS, end);
            caughtUp.complete(null);
        }
    }

    /**
     * Asks the broker for the end offsets, at most once a second, until it answers. The Admin calls block (up to 5 s
     * while the broker is away), so they run on a worker thread: this is called on event loops, at every stream open.
     */
    void learnTarget() {
        if (target != null || System.currentTimeMillis() - lastAttempt < 1000 || !asking.compareAndSet(false, true)) {
            return;
        }
        lastAttempt = System.currentTimeMillis();
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                askBroker();
            } finally {
                asking.set(false);
            }
        });
    }

    private void askBroker() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 3000,
                "default.api.timeout.ms", 5000))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.TALK_EVENTS)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(Topics.TALK_EVENTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.TALK_EVENTS, p.partition())).toList();
            target = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(5, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
            check();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                // No topic yet: no history to rebuild.
                target = Map.of();
                check();
            } else {
                LOG.debugf("Cannot learn the end offsets of %s yet: %s", Topics.TALK_EVENTS, e.toString());
            }
        } catch (Exception e) {
            // The broker does not answer yet: keep asking (readiness says DOWN meanwhile).
            LOG.debugf("Cannot learn the end offsets of %s yet: %s", Topics.TALK_EVENTS, e.toString());
        }
    }
}
