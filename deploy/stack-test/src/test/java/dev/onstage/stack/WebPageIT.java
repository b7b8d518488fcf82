package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web page in Debian's headless Chromium against the real stack replaying the seed fast: it shows the talk that
 * is on stage, starring a talk brings its reminder as a toast, and after the network drops and comes back it says
 * so and catches up on what it missed; with the network gone it reloads from its service worker's copies and still
 * shows what is on stage, the programme and my agenda; with two programmes it shows one conference at a time; and a
 * second browser session paired by the link shows the same agenda. Saves screenshots (phone, wide, pairing) to
 * target/screenshots.
 */
class WebPageIT {

    private static final Path SCREENSHOTS = ServiceProcess.ROOT.resolve("deploy/stack-test/target/screenshots");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final RealStack stack = new RealStack(WebPageIT.class);

    private ChromeDriver browser;
    private CuttableProxy proxy;
    private CuttableProxy scheduleProxy;

    @Test
    void showsWhatIsOnRemindsOfStarredTalksCatchesUpAfterANetworkDropAndWorksOffline() throws Exception {
        Chromium.requireInstalled();
        int schedulePort = ServiceProcess.freePort();
        int notificationPort = ServiceProcess.freePort();
        String schedule = "http://localhost:" + schedulePort;
        String password = "organizer-" + java.util.UUID.randomUUID();
        stack.start("schedule-service", "schedule", schedulePort, Map.of("ONSTAGE_ADMIN_PASSWORD", password))
                .awaitReady();
        // The browser reaches both services through proxies whose network the test can cut.
        scheduleProxy = stack.closeAfter(new CuttableProxy(ServiceProcess.freePort(), schedulePort));
        stack.start("notification-service", "notification", notificationPort,
                Map.of("ONSTAGE_WEB_SCHEDULE_URL", "http://localhost:" + scheduleProxy.port())).awaitReady();
        proxy = stack.closeAfter(new CuttableProxy(ServiceProcess.freePort(), notificationPort));
        browser = Chromium.start(1440, 1000);
        stack.closeAfter(browser::quit);
        // The seed from its first reminder at 30x: a talk every 10 s, 100 programme minutes in under 4 minutes. Set
        // only now, as the page opens: the services' start (a minute under load) takes none of it.
        Http.Answer clock = Http.send("PUT", schedule + "/api/clock",
                "{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:20:00Z\",\"speed\":30}"
                        .getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json", "Authorization", Http.basic("admin", password));
        assertEquals(200, clock.status(), clock.body());
        browser.get("http://localhost:" + proxy.port() + "/");

        // 1. Now on stage: the page shows the talk that schedule-service says is on.
        ui().until(() -> "live".equals(connectionState()));
        ui().untilAsserted(() -> {
            String onStage = onStageTalkId(get(schedule + "/api/now"));
            List<WebElement> shown = browser.findElements(By.cssSelector(".room .title[data-talk]"));
            assertTrue(onStage != null && !shown.isEmpty(), "a talk on stage");
            assertEquals(onStage, shown.get(0).getAttribute("data-talk"));
        });

        // 2. Starring a talk that starts in over 10 programme minutes brings its 10-minute reminder as a toast.
        String starred = firstTalkStartingAfter(get(schedule + "/api/talks"), programmeNow(schedule).plusSeconds(11 * 60));
        String title = browser.findElement(By.cssSelector(".talk[data-talk='" + starred + "'] .title")).getText();
        browser.findElement(By.cssSelector("[data-star='" + starred + "']")).click();
        ui().until(() -> "true".equals(
                browser.findElement(By.cssSelector("[data-star='" + starred + "']")).getAttribute("aria-pressed")));
        ui().until(() -> toasts().stream().anyMatch(t -> t.contains("In 10 minutes: " + title)));
        screenshots();

        // 2b. With an agenda, the page offers it as a calendar feed: a webcal:// link and the plain one to copy, which
        // serves the starred talk as iCalendar (CalendarFeedTest checks the feed itself).
        browser.findElement(By.id("calendar-get")).sendKeys(Keys.ENTER);
        ui().until(() -> browser.findElement(By.id("calendar-webcal")).isDisplayed());
        String feedUrl = browser.findElement(By.id("calendar-url")).getAttribute("value");
        assertTrue(feedUrl.matches("http://localhost:" + proxy.port() + "/api/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"),
                feedUrl);
        assertEquals(feedUrl.replaceFirst("^http:", "webcal:"),
                browser.findElement(By.id("calendar-webcal")).getAttribute("href"));
        String feed = get(feedUrl).replace("\r\n ", "");
        assertTrue(feed.contains("UID:" + starred + "@onstage") && feed.contains("TRIGGER:-PT10M"), feed);

        // 3. notification-service's network drops: the page says it is reconnecting; reminders due meanwhile arrive once
        // it is back.
        List<String> unstarred = browser.findElements(By.cssSelector(".star[aria-pressed='false']")).stream()
                .map(star -> star.getAttribute("data-star")).toList();
        for (String talk : unstarred) {
            // By keyboard (toasts may cover the buttons); each star re-renders the programme: find it afresh.
            browser.findElement(By.cssSelector("[data-star='" + talk + "']")).sendKeys(Keys.ENTER);
            ui().until(() -> "true".equals(
                    browser.findElement(By.cssSelector("[data-star='" + talk + "']")).getAttribute("aria-pressed")));
        }
        String attendee = (String) script("return JSON.parse(localStorage.getItem('onstage.attendee')).id");
        String token = (String) script("return JSON.parse(localStorage.getItem('onstage.attendee')).token");
        proxy.cut();
        ui().until(() -> "reconnecting".equals(connectionState()));
        // While it is cut, wait for the attendee's next reminder, read directly from the service.
        String lastSeen = (String) script("return localStorage.getItem('onstage.lastEventId.mine')");
        String missed = CompletableFuture.supplyAsync(() -> nextAttendeeEvent("http://localhost:" + notificationPort,
                attendee, token, lastSeen)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("reconnecting", connectionState(), "still cut");
        assertTrue(browser.findElements(By.cssSelector(".toast[data-event='" + missed + "']")).isEmpty(),
                "not shown before the network is back");
        proxy.restore();
        ui().until(() -> "live".equals(connectionState()));
        ui().until(() -> !browser.findElements(By.cssSelector(".toast[data-event='" + missed + "']"))
                .isEmpty());

        // 4. Offline. The service worker controls the page and keeps copies of what it reads; a reload reads all.
        ui().until(() -> Boolean.TRUE.equals(script("return !!navigator.serviceWorker.controller")));
        browser.navigate().refresh();
        ui().until(() -> "live".equals(connectionState()));
        List<String> programme = talksShown();
        List<String> agenda = agendaShown();
        assertEquals(browser.findElements(By.cssSelector(".star[aria-pressed='true']")).size(), agenda.size());
        ui().until(() -> kept("onstage-programme-v1", schedulePage(scheduleProxy) + "/api/talks?conference=icml2022")
                == programme.size());
        ui().until(() -> kept("onstage-agenda-" + attendee, "/api/attendees/" + attendee + "/favourites")
                == agenda.size());
        // The network is gone, both services out of reach: the reload comes from the copies. Now on stage is worked
        // out from the kept programme and the clock (GET /api/now is not kept), and goes on with the clock.
        proxy.cut();
        scheduleProxy.cut();
        browser.navigate().refresh();
        ui().until(() -> "offline".equals(connectionState()));
        assertTrue(browser.findElement(By.id("connection")).getText().matches("Offline, updated at \\d\\d:\\d\\d.*"),
                browser.findElement(By.id("connection")).getText());
        ui().untilAsserted(() -> assertEquals(programme, talksShown()));
        ui().untilAsserted(() -> assertEquals(agenda, agendaShown()));
        ui().untilAsserted(() -> assertEquals(onStage(get(schedule + "/api/now")), onStageShown()));
        save("offline.png");
        // Back online: live again, everything read afresh.
        proxy.restore();
        scheduleProxy.restore();
        ui().until(() -> "live".equals(connectionState()));
        assertEquals("Live", browser.findElement(By.id("connection")).getText());
        ui().untilAsserted(() -> assertEquals(agenda, agendaShown()));  // read afresh: re-rendered meanwhile
    }

    /** The talks of the programme as the page shows them: id, time, title. */
    private List<String> talksShown() {
        return browser.findElements(By.cssSelector(".talk")).stream()
                .map(talk -> talk.getAttribute("data-talk") + " " + talk.getText()).toList();
    }

    private List<String> agendaShown() {
        return browser.findElements(By.cssSelector("#agenda li")).stream().map(WebElement::getText).toList();
    }

    /** Room by room, the talk the page shows on stage ("" for a break). */
    private Map<String, String> onStageShown() {
        Map<String, String> shown = new java.util.TreeMap<>();
        for (WebElement room : browser.findElements(By.cssSelector(".room"))) {
            List<WebElement> talk = room.findElements(By.cssSelector(".title[data-talk]"));
            shown.put(room.getAttribute("data-room"), talk.isEmpty() ? "" : talk.get(0).getAttribute("data-talk"));
        }
        return shown;
    }

    /** Room by room, the talk on stage in GET /api/now ("" for a break). */
    private static Map<String, String> onStage(String now) throws IOException {
        Map<String, String> onStage = new java.util.TreeMap<>();
        for (var room : Http.JSON.readTree(now).path("rooms")) {
            onStage.put(room.path("room").asText(), room.path("now").path("talk").path("id").asText(""));
        }
        return onStage;
    }

    private static String schedulePage(CuttableProxy scheduleProxy) {
        return "http://localhost:" + scheduleProxy.port();
    }

    /** How many entries the service worker's copy of a JSON list has in that cache, -1 without a copy. */
    private long kept(String cache, String url) {
        return ((Number) ((JavascriptExecutor) browser).executeAsyncScript(
                "const [cache, url, done] = arguments; "
                + "caches.open(cache).then((c) => c.match(url))"
                + ".then((r) => (r ? r.json() : null)).then((list) => done(list ? list.length : -1), () => done(-2))",
                cache, url)).longValue();
    }

    @Test
    void showsOneConferenceAtATimeInItsZoneWithAChooser() throws Exception {
        Chromium.requireInstalled();
        String password = "organizer-" + java.util.UUID.randomUUID();
        ServiceProcess scheduleService = stack.start("schedule-service", "schedule",
                Map.of("ONSTAGE_ADMIN_PASSWORD", password)).awaitReady();
        String schedule = "http://localhost:" + scheduleService.port;
        ServiceProcess notification = stack.start("notification-service", "notification",
                Map.of("ONSTAGE_WEB_SCHEDULE_URL", schedule)).awaitReady();
        // A second programme: 31C3 (Berlin, December 2014) beside the seed (ICML 2022, Pacific time).
        Http.Answer imported = Http.send("POST", schedule + "/api/programme",
                Files.readAllBytes(ServiceProcess.ROOT.resolve("schedule-service/src/test/resources/real-schedules/"
                        + "31c3-frab-schedule.xml")),
                "Content-Type", "application/xml", "Authorization", Http.basic("admin", password));
        assertEquals(200, imported.status(), imported.body());
        browser = Chromium.start(1440, 1000);
        stack.closeAfter(browser::quit);
        String page = "http://localhost:" + notification.port + "/";

        // The clock (real time, long after both) makes ICML, the last to end, the one shown: only its room, its zone.
        browser.get(page);
        ui().until(() -> "America/Los_Angeles".equals(
                browser.findElement(By.id("programme-time")).getAttribute("data-time-zone")));
        ui().untilAsserted(() -> assertEquals(List.of("Ballroom 1 & 2"), roomsShown()));
        assertEquals("ICML 2022", browser.findElement(By.id("conference-name")).getText());
        List<WebElement> links = browser.findElements(By.cssSelector("#conferences a[data-conference]"));
        assertEquals(List.of("31c3", "icml2022"), links.stream().map(a -> a.getAttribute("data-conference")).sorted()
                .toList());
        assertEquals(14, browser.findElements(By.cssSelector(".talk")).size(), "the seed's 14 talks, not 31C3's");

        // Its link shows 31C3 alone, in its own zone (its frab export gives Berlin's winter offset, +01:00).
        String zone31c3 = java.util.stream.StreamSupport.stream(
                Http.JSON.readTree(get(schedule + "/api/conferences")).spliterator(), false)
                .filter(conference -> conference.path("id").asText().equals("31c3"))
                .map(conference -> conference.path("timeZone").asText()).findFirst().orElseThrow();
        assertEquals("+01:00", zone31c3);
        browser.findElement(By.cssSelector("#conferences a[data-conference='31c3']")).click();
        ui().until(() -> zone31c3.equals(
                browser.findElement(By.id("programme-time")).getAttribute("data-time-zone")));
        ui().untilAsserted(() -> {
            List<String> rooms = roomsShown();
            assertTrue(rooms.size() >= 4 && !rooms.contains("Ballroom 1 & 2"), "31C3's rooms: " + rooms);
        });
        assertTrue(browser.getCurrentUrl().endsWith("?conference=31c3"), browser.getCurrentUrl());
        assertEquals("31c3", browser.findElement(By.cssSelector("#conferences a[aria-current='page']"))
                .getAttribute("data-conference"));
        assertTrue(browser.findElements(By.cssSelector(".talk")).size() > 14, "31C3's talks");
        screenshotAs("conference-31c3.png");

        // On the same stack (no more processes to start): the agenda moves to a second device.
        pairsASecondDevice(page);
    }

    /**
     * Issue 16, part 4, in two browser sessions (each ChromeDriver session has a profile of its own): the first device
     * stars a talk and shows a pairing link and its QR code; the second opens the link and shows the starred talk; a
     * star on the second shows on the first.
     */
    private void pairsASecondDevice(String page) throws IOException {
        browser.get(page);
        ui().until(() -> browser.findElements(By.cssSelector(".star")).size() >= 2);
        List<String> talks = browser.findElements(By.cssSelector(".star")).stream()
                .map(star -> star.getAttribute("data-star")).limit(2).toList();
        assertEquals(2, talks.size());
        browser.findElement(By.cssSelector("[data-star='" + talks.get(0) + "']")).sendKeys(Keys.ENTER);
        ui().until(() -> "true".equals(starOf(browser, talks.get(0))));
        browser.findElement(By.cssSelector("#pairing summary")).click();
        browser.findElement(By.id("pair-show")).click();
        ui().until(() -> browser.findElement(By.id("pair-link")).getText().contains("#pair="));
        String link = browser.findElement(By.id("pair-link")).getAttribute("href");
        assertTrue(link.startsWith(page + "#pair="), link);
        WebElement qr = browser.findElement(By.id("pair-qr"));
        assertTrue(qr.getAttribute("src").startsWith("data:image/svg+xml"), qr.getAttribute("src"));
        ui().until(() -> (Boolean) script("return document.getElementById('pair-qr').naturalWidth > 0"));
        screenshotAs("pairing.png");

        ChromeDriver second = Chromium.start(1440, 1000);
        stack.closeAfter(second::quit);
        second.get(link);
        ui().until(() -> "true".equals(starOf(second, talks.get(0))));
        assertEquals(page, second.getCurrentUrl(), "the code leaves the address bar");
        Map<?, ?> firstDevice = (Map<?, ?>) script("return JSON.parse(localStorage.getItem('onstage.attendee'))");
        Map<?, ?> secondDevice = (Map<?, ?>) second.executeScript(
                "return JSON.parse(localStorage.getItem('onstage.attendee'))");
        assertEquals(firstDevice.get("id"), secondDevice.get("id"), "the same attendee");
        assertTrue(!firstDevice.get("token").equals(secondDevice.get("token")), "a token of its own");

        // A star on the second device shows on the first (which reads its agenda again while paired).
        second.findElement(By.cssSelector("[data-star='" + talks.get(1) + "']")).sendKeys(Keys.ENTER);
        ui().until(() -> "true".equals(starOf(second, talks.get(1))));
        ui().until(() -> "true".equals(starOf(browser, talks.get(1))));

        // The link is used: opened again, it says so.
        second.get(link);
        ui().until(() -> second.findElements(By.cssSelector(".toast")).stream()
                .anyMatch(t -> t.getText().contains("was used already")));
    }

    private static String starOf(ChromeDriver driver, String talk) {
        List<WebElement> star = driver.findElements(By.cssSelector("[data-star='" + talk + "']"));
        return star.isEmpty() ? null : star.get(0).getAttribute("aria-pressed");
    }

    private List<String> roomsShown() {
        return browser.findElements(By.cssSelector(".room")).stream().map(room -> room.getAttribute("data-room"))
                .toList();
    }

    private void screenshotAs(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        save(name);
    }

    /** Waits on the page: it re-renders, so an element found a moment ago may be gone; look again then. */
    private static org.awaitility.core.ConditionFactory ui() {
        return await().atMost(WAIT).ignoreException(org.openqa.selenium.StaleElementReferenceException.class);
    }


    private void screenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        browser.manage().window().setSize(new Dimension(1440, 1000));
        save("wide.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        save("phone.png");
        browser.manage().window().setSize(new Dimension(1440, 1000));
    }

    private void save(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private String connectionState() {
        return browser.findElement(By.id("connection")).getAttribute("data-state");
    }

    private List<String> toasts() {
        return browser.findElements(By.cssSelector(".toast")).stream().map(WebElement::getText).toList();
    }

    private Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    /**
     * Reads the attendee's stream directly (not through the cut proxy) after {@code lastEventId} until the first
     * event, and returns its id.
     */
    private static String nextAttendeeEvent(String notification, String attendee, String token,
            String lastEventId) {
        String url = notification + "/api/reminders?attendee=" + attendee + "&token=" + token
                + (lastEventId == null ? "" : "&lastEventId=" + URLEncoder.encode(lastEventId, StandardCharsets.UTF_8));
        try {
            HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                return lines.filter(line -> line.startsWith("id:")).map(line -> line.substring(3).strip())
                        .findFirst().orElseThrow();
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static Instant programmeNow(String schedule) throws Exception {
        Matcher now = Pattern.compile("\"now\":\"([^\"]+)\"").matcher(get(schedule + "/api/clock"));
        assertTrue(now.find());
        return Instant.parse(now.group(1));
    }

    /** The id of the talk on stage in the first room of GET /api/now, or null in a break. */
    private static String onStageTalkId(String now) {
        Matcher talk = Pattern.compile("\"now\":\\{\"talk\":\\{\"id\":\"([^\"]+)\"").matcher(now);
        return talk.find() ? talk.group(1) : null;
    }

    private static String firstTalkStartingAfter(String talks, Instant after) {
        Matcher talk = Pattern.compile("\\{\"id\":\"([^\"]+)\"[^{}]*?\"start\":\"([^\"]+)\"").matcher(talks);
        while (talk.find()) {
            if (java.time.OffsetDateTime.parse(talk.group(2)).toInstant().isAfter(after)) {
                return talk.group(1);
            }
        }
        throw new AssertionError("No talk starts after " + after + " in " + talks);
    }
}
