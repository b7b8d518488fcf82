package dev.onstage.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import dev.onstage.notification.agenda.AgendasConfig;
import dev.onstage.notification.calendar.CalendarConfig;
import dev.onstage.notification.pairing.PairingConfig;
import dev.onstage.notification.problems.HttpConfig;
import dev.onstage.notification.push.PushConfig;
import dev.onstage.notification.reminders.RemindersConfig;
import dev.onstage.notification.web.WebConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

/**
 * The configuration mappings read application.properties as it is, in each profile, and refuse values out of range
 * at start. Plain SmallRye Config, as Quarkus builds it, without starting the application.
 */
class ConfigMappingsTest {

    private static final List<Class<?>> MAPPINGS = List.of(RemindersConfig.class, AgendasConfig.class,
            PairingConfig.class, CalendarConfig.class, PushConfig.class, WebConfig.class, HttpConfig.class);

    private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    private static SmallRyeConfig config(String profile, Map<String, String> overrides) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        ConfigMappingsTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                // Quarkus' converters: "15s", "30d" and file paths as the service reads them.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR);
        MAPPINGS.forEach(builder::withMapping);
        return builder.build();
    }

    @Test
    void everyKeyResolvesInProductionAndTests() throws IOException {
        SmallRyeConfig prod = config("prod", Map.of());
        assertEquals(16000, prod.getConfigMapping(RemindersConfig.class).maxStreams());
        assertEquals(Duration.ofSeconds(15), prod.getConfigMapping(RemindersConfig.class).heartbeat());
        assertEquals(List.of(10, 5, 0), prod.getConfigMapping(AgendasConfig.class).leadMinutes());
        assertEquals(Duration.ofSeconds(30), prod.getConfigMapping(HttpConfig.class).bodyTimeout());
        assertEquals("mailto:onstage@example.org", prod.getConfigMapping(PushConfig.class).vapid().subject());
        assertTrue(prod.getConfigMapping(PushConfig.class).vapid().keyFile().isEmpty());
        assertEquals(Path.of("/data/vapid"), config("prod", Map.of("onstage.push.vapid.key-file", "/data/vapid"))
                .getConfigMapping(PushConfig.class).vapid().keyFile().orElseThrow());

        SmallRyeConfig test = config("test", Map.of());
        assertEquals(Duration.ofSeconds(1), test.getConfigMapping(RemindersConfig.class).heartbeat());
        assertEquals(5, test.getConfigMapping(AgendasConfig.class).maxFavourites());
        assertEquals(3, test.getConfigMapping(PairingConfig.class).maxDevices());
        assertTrue(test.getConfigMapping(PushConfig.class).allowInsecureEndpoints());
    }

    @Test
    void aValueOutOfRangeStopsTheStartNamingTheKey() {
        Exception e = assertThrows(Exception.class,
                () -> config("prod", Map.of("onstage.reminders.max-streams", "0")));
        assertTrue(e.getMessage().contains("onstage.reminders.max-streams"), e.getMessage());

        e = assertThrows(Exception.class, () -> config("prod", Map.of("onstage.agenda.expiry-check", "0s")));
        assertTrue(e.getMessage().contains("onstage.agenda.expiry-check"), e.getMessage());

        e = assertThrows(Exception.class, () -> config("prod", Map.of("onstage.reminders.ws.ping-interval", "-1s")));
        assertTrue(e.getMessage().contains("onstage.reminders.ws.ping-interval"), e.getMessage());
    }
}
