package dev.onstage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void notificationServiceRunsAtNiceTenWithNoExtraJavaOptionsByDefault() {
        Options o = Options.parse(new String[0], Map.of());
        assertEquals(10, o.notificationNice);
        assertEquals(List.of(), o.notificationJavaOptions);
    }

    @Test
    void takesJavaOptionsForNotificationServiceSplitOnWhitespace() {
        Options o = Options.parse(new String[0],
                Map.of("ONSTAGE_NOTIFICATION_JAVA_OPTIONS", "  -Xmx1g   -XX:+UseZGC ", "ONSTAGE_NOTIFICATION_NICE", "0"));
        assertEquals(List.of("-Xmx1g", "-XX:+UseZGC"), o.notificationJavaOptions);
        assertEquals(0, o.notificationNice);
    }

    @Test
    void refusesANicenessOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[0], Map.of("ONSTAGE_NOTIFICATION_NICE", "20")));
        assertEquals("ONSTAGE_NOTIFICATION_NICE takes a niceness (0-19), not 20", e.getMessage());
    }
}
