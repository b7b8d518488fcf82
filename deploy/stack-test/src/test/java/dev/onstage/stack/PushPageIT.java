package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.local.LocalPostgres;
import dev.onstage.local.testing.WebPushTesting;

/**
 * The page's side of Web Push in headless Chromium, with the real stack and the push service emulator. Headless
 * Chromium cannot reach a browser push service here, so {@code pushManager.subscribe} is answered with a subscription
 * of the emulator (the only stand-in); everything else is real: the "Notify me on this device" switch asks for
 * permission, registers the service worker and PUTs the subscription; a starred talk's reminder goes from Kafka through
 * notification-service to the emulator, which decrypts it; that payload, delivered to the service worker over the
 * DevTools protocol ({@code ServiceWorker.deliverPushMessage}, as a push service would), is shown as a notification;
 * the push's link shows the talk; switching off DELETEs the device.
 */
class PushPageIT {

    private static final Path EXAMPLES = ServiceProcess.ROOT.resolve("contract/src/main/resources/onstage/contract/examples");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RealStack stack = new RealStack(PushPageIT.class);

    private WebPushTesting pushService;
    private ChromeDriver browser;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theSwitchRegistersThisDeviceAndTheServiceWorkerShowsThePush() throws Exception {
        Chromium.requireInstalled();
        stack.createTopics("talk-events", "talk-events-dlq");
        pushService = stack.closeAfter(WebPushTesting.start());
        int schedulePort = ServiceProcess.freePort();
        int notificationPort = ServiceProcess.freePort();
        stack.start("schedule-service", "schedule", schedulePort,
                Map.of("ONSTAGE_CLOCK_MODE", "replay", "ONSTAGE_CLOCK_REPLAY_FROM", "2022-07-21T14:20:00Z",
                        "ONSTAGE_CLOCK_SPEED", "1")).awaitReady();
        stack.start("notification-service", "notification", notificationPort, Map.of(
                "ONSTAGE_WEB_SCHEDULE_URL", "http://localhost:" + schedulePort,
                "ONSTAGE_PUSH_ALLOW_INSECURE_ENDPOINTS", "true")).awaitReady();
        // localhost is a secure context: service workers and notifications work over plain http there.
        String origin = "http://localhost:" + notificationPort;
        String key = Http.JSON.readTree(Http.get(origin + "/api/push/public-key").body()).path("publicKey").asText();
        JsonNode subscription = Http.JSON.readTree(pushService.subscribe(key)).path("data");
        String clientHash = subscription.path("clientHash").asText();

        browser = Chromium.start(1280, 900);
        stack.closeAfter(browser::quit);
        browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("notifications")));
        browser.get(origin + "/");
        ui().until(() -> browser.findElement(By.id("push")).isDisplayed());
        ObjectNode json = subscription.deepCopy();
        json.remove("clientHash");
        stubSubscribe(json, false);

        // Switch on: permission, service worker, subscription with the VAPID key, PUT.
        browser.findElement(By.id("push-switch")).click();
        ui().until(() -> browser.findElement(By.id("push-status")).getText().startsWith("On"));
        assertEquals(key, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(script(
                "return Array.from(new Uint8Array(window.subscribedWith.applicationServerKey))"))));
        assertEquals(true, script("return window.subscribedWith.userVisibleOnly"));
        assertEquals(1, devices());
        String sw = (String) asyncScript("navigator.serviceWorker.ready.then(r => done(r.active.scriptURL))");
        assertEquals(origin + "/sw.js", sw);

        // A starred talk's reminder reaches the emulator, encrypted for this device.
        String talk = browser.findElements(By.cssSelector("[data-star]")).get(0).getAttribute("data-star");
        browser.findElement(By.cssSelector("[data-star='" + talk + "']")).click();
        ui().until(() -> "true".equals(
                browser.findElement(By.cssSelector("[data-star='" + talk + "']")).getAttribute("aria-pressed")));
        String eventId = upcoming(talk);
        ui().until(() -> messages(clientHash).size() == 1);
        String payload = messages(clientHash).get(0);
        JsonNode push = Http.JSON.readTree(payload);
        assertEquals(eventId, push.path("id").asText());

        // Delivered to the service worker as the push service would: it shows the notification.
        deliverToServiceWorker(origin, payload);
        ui().until(() -> !notifications().isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) notifications().get(0);
        assertEquals(push.path("title").asText(), shown.get("title"));
        assertEquals(push.path("body").asText(), shown.get("body"));
        assertEquals(eventId, shown.get("tag"));
        assertEquals(push.path("url").asText(), shown.get("url"));

        // The push's link shows the talk.
        browser.get(origin + push.path("url").asText());
        ui().until(() -> "true".equals(browser.findElement(
                By.cssSelector(".talk[data-talk='" + talk + "']")).getAttribute("data-linked")));

        // Switch off (still on after the reload): the device is removed and the subscription ended.
        stubSubscribe(json, true);
        ui().until(() -> browser.findElement(By.id("push-switch")).isSelected());
        browser.findElement(By.id("push-switch")).click();
        ui().until(() -> devices() == 0);
        ui().until(() -> Boolean.TRUE.equals(script("return window.unsubscribed === true")));
    }

    /** Waits on the page: it re-renders, so an element found a moment ago may be gone; look again then. */
    private static org.awaitility.core.ConditionFactory ui() {
        return await().atMost(WAIT).ignoreExceptions();
    }

    /**
     * The one stand-in: the browser's push service is out of reach, so {@code subscribe()} answers with the emulator's
     * subscription ({@code subscribed}: as if this browser had subscribed before this page load).
     */
    private void stubSubscribe(JsonNode subscription, boolean subscribed) {
        script("const sub = " + subscription + "; const fake = { endpoint: sub.endpoint, options: {"
                + " applicationServerKey: null }, toJSON: () => sub,"
                + " unsubscribe: async () => { window.unsubscribed = true; window.current = null; return true; } };"
                + " window.current = " + (subscribed ? "fake" : "null") + ";"
                + " PushManager.prototype.subscribe = async function (options) { window.subscribedWith = options;"
                + " window.current = fake; return fake; };"
                + " PushManager.prototype.getSubscription = async function () { return window.current; };");
    }

    /**
     * {@code ServiceWorker.deliverPushMessage} needs the registration's id, which only DevTools events tell; a fresh
     * profile numbers its registrations from 0, so the first that the origin accepts is the page's.
     */
    private void deliverToServiceWorker(String origin, String payload) {
        browser.executeCdpCommand("ServiceWorker.enable", Map.of());
        RuntimeException last = null;
        for (int id = 0; id < 5; id++) {
            try {
                browser.executeCdpCommand("ServiceWorker.deliverPushMessage", Map.of("origin", origin,
                        "registrationId", String.valueOf(id), "data", payload));
                return;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    private List<?> notifications() {
        return (List<?>) asyncScript("navigator.serviceWorker.ready.then(r => r.getNotifications())"
                + ".then(ns => done(ns.map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }))))"
                + ".catch(e => done([]))");
    }

    private String upcoming(String talk) throws Exception {
        ObjectNode data = (ObjectNode) Http.JSON.readTree(Files.readString(EXAMPLES.resolve("talk.upcoming.json")));
        ((ObjectNode) data.get("talk")).put("id", talk);
        String id = "push-page/" + UUID.randomUUID();
        ProducerRecord<String, String> record = new ProducerRecord<>("talk-events", talk, data.toString());
        Map.of("ce_specversion", "1.0", "ce_id", id, "ce_source", "urn:onstage:schedule-service",
                "ce_type", "onstage.talk.upcoming", "ce_time", data.path("dueAt").asText(), "ce_subject", talk,
                "content-type", "application/json").forEach((name, value) ->
                        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        return id;
    }

    private List<String> messages(String clientHash) throws Exception {
        List<String> out = new ArrayList<>();
        Http.JSON.readTree(pushService.notifications(clientHash)).at("/data/messages").forEach(m -> out.add(m.asText()));
        return out;
    }

    private int devices() throws Exception {
        try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
                ResultSet row = db.createStatement().executeQuery("SELECT count(*) FROM notification.push_device")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static byte[] bytes(Object list) {
        List<?> values = (List<?>) list;
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).byteValue();
        }
        return out;
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    private Object asyncScript(String code) {
        return ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; " + code);
    }

}
