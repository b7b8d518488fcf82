package dev.onstage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ServiceConfig finds the names the services read through their config mappings, nested groups and defaults too. */
class ServiceConfigTest {

    @Test
    void readsMappingsWithTheirGroupsAndDefaults() {
        ServiceConfig notification = ServiceConfig.of(ServiceConfig.NOTIFICATION);
        // Optional keys of a nested group (PushConfig.Vapid), set only by deployments.
        assertTrue(notification.readsEnv("ONSTAGE_PUSH_VAPID_PUBLIC_KEY"), notification.names.toString());
        assertTrue(notification.readsEnv("ONSTAGE_PUSH_VAPID_KEY_FILE"), notification.names.toString());
        assertTrue(notification.names.contains("onstage.reminders.ws.ping-interval"), notification.names.toString());

        ServiceConfig schedule = ServiceConfig.of(ServiceConfig.SCHEDULE);
        assertEquals("1", schedule.value("onstage.kafka.replication-factor"));
        assertEquals("3", schedule.value("onstage.kafka.programme-partitions"));
        assertEquals("realtime", schedule.value("onstage.clock.mode"));
        assertTrue(schedule.readsEnv("ONSTAGE_LOGIN_FREE_FAILURES"), schedule.names.toString());
    }
}
