package dev.onstage.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.onstage.local.LocalPostgres;
import dev.onstage.local.testing.SseClient;
import dev.onstage.local.testing.WsClient;
import dev.onstage.stack.BadImports.BadImport;
import dev.onstage.stack.Http.Answer;

/**
 * The bad-input suite: both services run as JVMs from their packaged jars against a real PostgreSQL and Kafka, and
 * get well over a thousand generated bad inputs across their public surface: imports (mutated real schedules), REST
 * parameters and bodies, organizer endpoints without or with wrong credentials, one attendee's token on another's
 * agenda, SSE parameters, WebSocket messages, and poison records on {@code talk-events}.
 *
 * <p>Each input passes when it is refused as the API promises: never a 5xx; a 4xx {@code application/problem+json}
 * with title, status and a clear detail; over WebSocket an {@code error} message or a 1009 close; for Kafka, the
 * record in {@code talk-events-dlq} and never streamed. Nothing may be written: the programme and the agendas (in
 * PostgreSQL and as the API shows them) are compared with their state before each input. At the end both services
 * must still be ready and a valid event produced after the poison records must reach the clients.
 *
 * <p>The inputs come from a seeded {@link Random}; the seed is printed, and {@code -Donstage.badinput.seed=<seed>}
 * repeats a run.
 */
class BadInputIT {

    private static final String ADMIN_PASSWORD = "bad-input-organizer";
    private static final String VOLUNTEER_PASSWORD = "bad-input-volunteer";
    /** The seed listing and the real schedules (31C3, Camp 2019, DemoCon, rC3) that the repository keeps. */
    private static final Path SEED_LISTING = ServiceProcess.ROOT
            .resolve("schedule-service/src/main/resources/seed/icml2022-deep-learning.txt");
    private static final Path REAL_SCHEDULES = ServiceProcess.ROOT.resolve("schedule-service/src/test/resources/real-schedules");

    @RegisterExtension
    final RealStack stack = new RealStack(BadInputIT.class);

    private final Tally tally = new Tally();
    private Connection db;
    private Random random;
    private long seed;
    private String schedule;
    private String notification;
    private String admin;
    private String scheduleState;
    private String notificationState;

    /**
     * Runs every input against the stack, in order, then reports each as a test of its own (surface, then input), so
     * that a failure names itself.
     */
    @TestFactory
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    Stream<DynamicNode> everyBadInputIsRefusedCleanlyAndNothingIsWritten() throws Exception {
        seed = Long.getLong("onstage.badinput.seed", new SecureRandom().nextLong());
        random = new Random(seed);
        System.out.println("BadInputIT seed " + seed + " (repeat with -Donstage.badinput.seed=" + seed + ")");
        long started = System.nanoTime();
        startStack();

        imports();
        oversizedImports();
        scheduleRequests();
        organizerCredentials();
        Attendee a = attendee();
        Attendee b = attendee();
        List<String> talks = talkIds();
        favourite(b, talks.get(0), 5);
        favourite(b, talks.get(1), 0);
        notificationState = notificationState();
        agendas(a, b);
        pushSubscriptions(a, b);
        calendarFeeds(a, b);
        pairing(a, b);
        reminderStreams(a, b);
        webSocket(a, b);
        String valid = kafkaPoison();

        // Afterwards both services are still healthy.
        tally.check("health", "schedule-service ready", () -> ready(schedule));
        tally.check("health", "notification-service ready", () -> ready(notification));

        System.out.printf("BadInputIT (seed %d): %d inputs in %d s%n%s", seed, tally.inputs(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), tally.table());
        tally.failures().stream().limit(200).forEach(f -> System.out.println("FAILED " + f));
        System.out.println("BadInputIT: the valid event after the poison: " + valid);
        int inputs = tally.inputs();
        return Stream.concat(
                Stream.of(DynamicTest.dynamicTest("at least 1,000 inputs (seed " + seed + ")",
                        () -> assertTrue(inputs >= 1000, "at least 1,000 inputs: " + inputs))),
                tally.asTests());
    }

    // ---------------------------------------------------------------------------------------------------- the stack

    private void startStack() throws Exception {
        ServiceProcess scheduleService = stack.start("schedule-service", "schedule", Map.of(
                        "ONSTAGE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                        // An account without the organizer role, for the 403 checks.
                        "ONSTAGE_AUTH_ACCOUNTS_VOLUNTEER_PASSWORD", VOLUNTEER_PASSWORD,
                        "ONSTAGE_AUTH_ACCOUNTS_VOLUNTEER_ROLES", "volunteer",
                        // Hundreds of wrong credentials on purpose, each to be answered 401: no login backoff here
                        // (LoginBackoffTest covers it).
                        "ONSTAGE_LOGIN_FREE_FAILURES", "1000000"));
        // Wrong pairing codes on purpose, each to be answered with its own problem, not the per-address 429
        // (PairingTest covers the limit).
        ServiceProcess notificationService = stack.start("notification-service", "notification",
                Map.of("ONSTAGE_PAIRING_REDEMPTIONS_PER_ADDRESS", "1000000"));
        scheduleService.awaitReady();
        notificationService.awaitReady();
        schedule = "http://127.0.0.1:" + scheduleService.port;
        notification = "http://127.0.0.1:" + notificationService.port;
        admin = Http.basic("admin", ADMIN_PASSWORD);
        db = stack.closeAfter(DriverManager.getConnection(stack.postgres().jdbcUrl(), LocalPostgres.USER,
                LocalPostgres.PASSWORD));
        await().atMost(Duration.ofSeconds(30)).until(() -> talkIds().size() == 14);
        scheduleState = scheduleState();
    }

    private static String ready(String base) throws Exception {
        Answer answer = Http.get(base + "/q/health/ready");
        return answer.status() == 200 ? null : "readiness " + answer.status() + ": " + answer.body();
    }

    // ---------------------------------------------------------------------------------------------------- no writes

    /** The programme as stored (every table an import or edit writes) and as the API shows it. */
    private String scheduleState() throws Exception {
        String stored = query("""
                SELECT md5(concat_ws('#',
                  (SELECT string_agg(concat_ws(',', id, name, time_zone, updated_at), '|' ORDER BY id) FROM schedule.conference),
                  (SELECT string_agg(concat_ws(',', id, conference_id, title, room, moderator, starts_at, ends_at), '|' ORDER BY id)
                     FROM schedule.conference_session),
                  (SELECT string_agg(concat_ws(',', id, session_id, title, speakers, abstract, room, starts_at, ends_at, status,
                          updated_at), '|' ORDER BY id) FROM schedule.talk),
                  (SELECT string_agg(concat_ws(',', id, talk_id, kind, old_starts_at, old_ends_at, old_room, new_starts_at,
                          new_ends_at, new_room, changed_by), '|' ORDER BY id) FROM schedule.programme_change),
                  (SELECT string_agg(version::text, '|') FROM schedule.programme_version),
                  (SELECT string_agg(concat_ws(',', mode, replay_from, speed, started_at, run, changed_by), '|') FROM schedule.clock)))
                """);
        return stored + "/" + sha256(Http.get(schedule + "/api/talks").body()) + "/"
                + sha256(Http.get(schedule + "/api/sessions").body());
    }

    private String notificationState() throws Exception {
        return query("""
                SELECT md5(concat_ws('#',
                  (SELECT string_agg(id::text, '|' ORDER BY id) FROM notification.attendee),
                  (SELECT string_agg(attendee_id::text || ',' || token_hash, '|' ORDER BY token_hash)
                     FROM notification.attendee_token),
                  (SELECT string_agg(attendee_id::text || ',' || code_hash, '|' ORDER BY code_hash)
                     FROM notification.pairing_code),
                  (SELECT string_agg(concat_ws(',', attendee_id, talk_id, lead_minutes, added_at), '|'
                          ORDER BY attendee_id, talk_id) FROM notification.favourite),
                  (SELECT string_agg(attendee_id || ',' || key_hash, '|' ORDER BY attendee_id)
                     FROM notification.calendar_feed)))
                """);
    }

    private String query(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Null when the programme is as before; else says so, and takes the new state as the reference. */
    private String programmeUnchanged() throws Exception {
        String now = scheduleState();
        if (now.equals(scheduleState)) {
            return null;
        }
        scheduleState = now;
        return "the programme changed (a partial or unwanted write)";
    }

    private String agendasUnchanged() throws Exception {
        String now = notificationState();
        if (now.equals(notificationState)) {
            return null;
        }
        notificationState = now;
        return "the agendas changed (a partial or unwanted write)";
    }

    private static String both(String first, String second) {
        return first != null ? first : second;
    }

    // ---------------------------------------------------------------------------------------------------- imports

    private void imports() throws Exception {
        BadImports generator = new BadImports(random, SEED_LISTING, REAL_SCHEDULES);
        List<BadImport> bad = new ArrayList<>();
        bad.addAll(generator.listings(160));
        bad.addAll(generator.frabs(150));
        bad.addAll(generator.c3vocs(150));
        for (BadImport input : bad) {
            tally.check("import: " + input.kind(), input.toString(), () -> {
                Answer answer = Http.send("POST", schedule + "/api/programme" + (input.query().isEmpty() ? ""
                        : "?" + input.query()), input.body(), "Content-Type", input.contentType(), "Authorization", admin);
                return both(Http.problem(answer, input.expected()), programmeUnchanged());
            });
        }
    }

    /** Bodies over the 16 MB limit, declared (Content-Length) or not (chunked), and a large one under it. */
    private void oversizedImports() {
        int port = URI.create(schedule).getPort();
        long huge = 17L * 1024 * 1024;
        for (String type : List.of(BadImports.TEXT, BadImports.XML, BadImports.JSON)) {
            tally.check("import: size", "17 MB of " + type + " with Content-Length", () -> both(Http.problem(
                    Http.rawPost(port, "/api/programme", type, admin, huge, false), 413), programmeUnchanged()));
            tally.check("import: size", "17 MB of " + type + " chunked", () -> both(Http.problem(
                    Http.rawPost(port, "/api/programme", type, admin, huge, true), 413), programmeUnchanged()));
        }
        byte[] large = ("x\n".repeat(5 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        tally.check("import: size", "10 MB listing without a time line", () -> both(Http.problem(Http.send("POST",
                schedule + "/api/programme", large, "Content-Type", BadImports.TEXT, "Authorization", admin), 400),
                programmeUnchanged()));
    }

    // ---------------------------------------------------------------------------------------------------- schedule REST

    private List<String> talkIds() throws Exception {
        List<String> ids = new ArrayList<>();
        Http.JSON.readTree(Http.get(schedule + "/api/talks").body()).forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private JsonNode talk(String id) throws Exception {
        return Http.JSON.readTree(Http.get(schedule + "/api/talks/" + Http.encode(id)).body());
    }

    private static final List<String> BAD_INSTANTS = List.of("yesterday", "2022-07-21", "2022-07-21T14:30:00",
            "2022-13-01T00:00:00Z", "2022-02-30T00:00:00Z", "14:30", "", "2022-07-21T14:30:00+25:00", "now",
            "1658413800", "2022-07-21 14:30:00Z", "2022-07-21T14:30:00ZZ", "\u0000", "2022-07-21T24:01:00Z", "-",
            "+2022-07-21T14:30:00Z", "2022-W29-4T14:30:00Z");
    /** Instants that parse, but that no programme can use: the stores and the event contract cannot hold them. */
    private static final List<String> ABSURD_INSTANTS = List.of("+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z");

    private String badInstant() {
        return random.nextInt(4) == 0 ? letters(1 + random.nextInt(30)) : any(BAD_INSTANTS);
    }

    private void scheduleRequests() throws Exception {
        List<String> talks = talkIds();
        String talk = talks.get(3);
        JsonNode before = talk(talk);
        // The next talk in the same room, for a move that overlaps it.
        String next = null;
        for (String other : talks.subList(4, talks.size())) {
            if (talk(other).path("room").equals(before.path("room"))) {
                next = other;
                break;
            }
        }

        for (int i = 0; i < 25; i++) {
            String value = badInstant();
            String parameter = any(List.of("from", "to"));
            read("talks?" + parameter, "/api/talks?" + parameter + "=" + Http.encode(value), 400);
        }
        for (int i = 0; i < 15; i++) {
            read("now?at", "/api/now?at=" + Http.encode(badInstant()), 400);
        }
        for (int i = 0; i < 20; i++) {
            String id = randomId();
            read("talks/{id}", "/api/talks/" + Http.encode(id), 404);
            read("talks/{id}/calendar.ics", "/api/talks/" + Http.encode(id) + "/calendar.ics", 404);
        }
        List<String> calendars = new ArrayList<>(List.of("", "talks=", "talks=,", "talks=%20,%20,", "talks=%00",
                "talks=" + Http.encode(String.join(",", java.util.stream.IntStream.range(0, 501)
                        .mapToObj(n -> "t" + n).toList()))));
        for (int i = 0; i < 10; i++) {
            calendars.add("talks=" + Http.encode(talk + "," + randomId()));
        }
        for (String query : calendars) {
            read("calendar.ics?talks", "/api/calendar.ics" + (query.isEmpty() ? "" : "?" + query), 400, 404);
        }

        // Organizer edits: with valid credentials, every body or parameter below is wrong.
        String start = before.path("start").asText();
        OffsetDateTime startTime = OffsetDateTime.parse(start);
        List<String> patches = new ArrayList<>(List.of("{", "[]", "\"x\"", "42", "null", "", "{\"start\":5}",
                "{\"start\":\"tomorrow\"}", "{\"start\":\"2022-07-21T07:50:00\"}", "{\"end\":\"" + start + "\"}",
                "{\"start\":\"" + startTime.plusMinutes(10) + "\",\"end\":\"" + startTime.plusMinutes(5) + "\"}",
                "{\"status\":\"postponed\"}", "{\"status\":\"moved\"}", "{\"status\":5}", "{\"room\":\"\"}",
                "{\"room\":\"   \"}", "{\"room\":\"" + "R".repeat(201) + "\"}", "{\"room\":[\"a\"]}", "{\"force\":\"yes\"}",
                "{\"room\":\"Ballroom\\u0000 3\"}", "{\"room\":\"Ballroom\\u001f 3\"}", "{\"room\":\"\\t\\n\"}",
                "{\"start\":\"" + start + "\"" + ",\"start\":\"" + start + "\"", "{\"start\":{\"year\":2022}}"));
        for (String absurd : ABSURD_INSTANTS) {
            patches.add("{\"start\":\"" + absurd + "\"}");
            patches.add("{\"end\":\"" + absurd + "\"}");
        }
        for (String body : patches) {
            edit("PATCH talks/{id}", "PATCH", "/api/talks/" + talk, body, "application/json", 400);
        }
        // A move onto the next talk's slot overlaps it: 409 without force.
        JsonNode nextTalk = talk(next);
        edit("PATCH talks/{id}", "PATCH", "/api/talks/" + talk, "{\"start\":\"" + nextTalk.path("start").asText()
                + "\",\"end\":\"" + nextTalk.path("end").asText() + "\"}", "application/json", 409);
        for (int i = 0; i < 10; i++) {
            edit("PATCH talks/{id}", "PATCH", "/api/talks/" + Http.encode(randomId()), "{\"status\":\"cancelled\"}",
                    "application/json", 404);
        }
        edit("PATCH talks/{id}", "PATCH", "/api/talks/" + talk, "status=cancelled", "application/x-www-form-urlencoded",
                415);
        edit("PATCH talks/{id}", "PATCH", "/api/talks/" + talk, "{\"status\":\"cancelled\"}", "text/plain", 415);

        for (String action : List.of("started", "ended")) {
            for (int i = 0; i < 8; i++) {
                edit("POST talks/{id}/" + action, "POST", "/api/talks/" + talk + "/" + action + "?at="
                        + Http.encode(badInstant()), null, null, 400);
            }
            for (String absurd : ABSURD_INSTANTS) {
                edit("POST talks/{id}/" + action, "POST", "/api/talks/" + talk + "/" + action + "?at="
                        + Http.encode(absurd), null, null, 400);
            }
            for (String flag : List.of("maybe", "yes", "1", "")) {
                edit("POST talks/{id}/" + action, "POST", "/api/talks/" + talk + "/" + action + "?at="
                        + Http.encode(start) + "&shiftFollowing=" + flag, null, null, 400);
            }
            edit("POST talks/{id}/" + action, "POST", "/api/talks/" + Http.encode(randomId()) + "/" + action, null,
                    null, 404);
        }
        // A talk cannot end before it starts.
        edit("POST talks/{id}/ended", "POST", "/api/talks/" + talk + "/ended?at="
                + Http.encode(startTime.minusMinutes(1).toString()), null, null, 400);

        List<String> clocks = new ArrayList<>(List.of("{", "[]", "null", "", "{}", "{\"mode\":\"warp\"}",
                "{\"mode\":null}", "{\"mode\":5}", "{\"mode\":\"replay\",\"speed\":0}", "{\"mode\":\"replay\",\"speed\":0.5}",
                "{\"mode\":\"replay\",\"speed\":601}", "{\"mode\":\"replay\",\"speed\":-1}",
                "{\"mode\":\"replay\",\"speed\":\"fast\"}", "{\"mode\":\"replay\",\"speed\":1e309}",
                "{\"mode\":\"replay\",\"replayFrom\":\"soon\"}", "{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:15:00\"}",
                "{\"mode\":\"replay\",\"speed\":2}", "{\"mode\":\"realtime\",\"speed\":0}", "{\"mode\":[\"replay\"]}"));
        for (String absurd : ABSURD_INSTANTS) {
            clocks.add("{\"mode\":\"replay\",\"replayFrom\":\"" + absurd + "\"}");
        }
        for (String body : clocks) {
            edit("PUT clock", "PUT", "/api/clock", body, "application/json", 400);
        }
        edit("PUT clock", "PUT", "/api/clock", "mode=realtime", "text/plain", 415);

        // Methods, media types and paths that do not exist.
        edit("methods and paths", "DELETE", "/api/talks/" + talk, null, null, 405);
        // With a body, refused before routing (BodyGate): 413, the body unread; without one, 405.
        edit("methods and paths", "PUT", "/api/sessions", "[]", "application/json", 413);
        edit("methods and paths", "POST", "/api/now", "{}", "application/json", 413);
        edit("methods and paths", "POST", "/api/now", null, null, 405);
        edit("methods and paths", "DELETE", "/api/programme", null, null, 405);
        edit("methods and paths", "GET", "/api/programme", null, null, 405);
        edit("methods and paths", "GET", "/api/nothing-here", null, null, 404);
        edit("methods and paths", "GET", "/api/talks/" + talk + "/nothing", null, null, 404);
        tally.check("schedule: methods and paths", "Accept: application/xml on /api/talks", () -> Http.problem(
                Http.get(schedule + "/api/talks", "Accept", "application/xml"), 406));
        tally.check("schedule: methods and paths", "Accept: application/json on a calendar", () -> Http.problem(
                Http.get(schedule + "/api/talks/" + talk + "/calendar.ics", "Accept", "application/json"), 406));
    }

    private void read(String surface, String path, int... expected) {
        tally.check("schedule: GET " + surface, path, () -> Http.problem(Http.get(schedule + path), expected));
    }

    private void edit(String surface, String method, String path, String body, String contentType, int... expected) {
        tally.check("schedule: " + surface, method + " " + path + (body == null ? "" : " " + body), () -> both(
                Http.problem(Http.send(method, schedule + path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                        "Content-Type", contentType, "Authorization", admin), expected),
                programmeUnchanged()));
    }

    // ---------------------------------------------------------------------------------------------------- credentials

    /** Every organizer action, with a valid body: only the credentials are wrong. */
    private void organizerCredentials() throws Exception {
        List<String> talks = talkIds();
        JsonNode talk = talk(talks.get(2));
        String id = talks.get(2);
        String listing = Files.readString(SEED_LISTING);
        record Action(String name, String method, String path, String contentType, byte[] body) {
        }
        List<Action> actions = List.of(
                new Action("import listing", "POST", "/api/programme?year=2022&conference=icml2022&name=ICML%202022",
                        BadImports.TEXT, listing.getBytes(StandardCharsets.UTF_8)),
                new Action("import frab", "POST", "/api/programme", BadImports.XML,
                        Files.readAllBytes(REAL_SCHEDULES.resolve("31c3-frab-schedule.xml"))),
                new Action("import c3voc", "POST", "/api/programme", BadImports.JSON,
                        Files.readAllBytes(REAL_SCHEDULES.resolve("pretalx-democon.json"))),
                new Action("cancel a talk", "PATCH", "/api/talks/" + id, "application/json",
                        "{\"status\":\"cancelled\"}".getBytes(StandardCharsets.UTF_8)),
                new Action("talk started", "POST", "/api/talks/" + id + "/started?at="
                        + Http.encode(OffsetDateTime.parse(talk.path("start").asText()).plusMinutes(2).toString()), null, null),
                new Action("talk ended", "POST", "/api/talks/" + id + "/ended?at="
                        + Http.encode(OffsetDateTime.parse(talk.path("end").asText()).plusMinutes(2).toString()), null, null),
                new Action("set the clock", "PUT", "/api/clock", "application/json",
                        "{\"mode\":\"replay\",\"replayFrom\":\"2022-07-21T14:15:00Z\",\"speed\":100}"
                                .getBytes(StandardCharsets.UTF_8)));
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("none", null);
        credentials.put("wrong password", Http.basic("admin", "wrong"));
        credentials.put("password with a space", Http.basic("admin", ADMIN_PASSWORD + " "));
        credentials.put("unknown user", Http.basic("root", ADMIN_PASSWORD));
        credentials.put("user in capitals", Http.basic("ADMIN", ADMIN_PASSWORD));
        credentials.put("empty password", Http.basic("admin", ""));
        credentials.put("not base64", "Basic !!!not-base64!!!");
        credentials.put("no colon", "Basic " + java.util.Base64.getEncoder().encodeToString("admin".getBytes()));
        credentials.put("a bearer token", "Bearer " + ADMIN_PASSWORD);
        credentials.put("another scheme", "Digest username=\"admin\"");
        for (Action action : actions) {
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                credential(action.name(), credential.getKey(), action.method(), action.path(), action.contentType(),
                        action.body(), credential.getValue(), 401);
            }
            credential(action.name(), "an account without the organizer role", action.method(), action.path(),
                    action.contentType(), action.body(), Http.basic("volunteer", VOLUNTEER_PASSWORD), 403);
        }
    }

    private void credential(String action, String credential, String method, String path, String contentType,
            byte[] body, String authorization, int expected) {
        tally.check("organizer credentials", action + " with " + credential, () -> both(Http.problem(
                Http.send(method, schedule + path, body, "Content-Type", contentType, "Authorization", authorization),
                expected), programmeUnchanged()));
    }

    // ---------------------------------------------------------------------------------------------------- agendas

    private record Attendee(String id, String token) {

        String bearer() {
            return "Bearer " + token;
        }
    }

    private Attendee attendee() throws Exception {
        JsonNode created = Http.JSON.readTree(Http.send("POST", notification + "/api/attendees", null).body());
        return new Attendee(created.path("id").asText(), created.path("token").asText());
    }

    private void favourite(Attendee attendee, String talk, int lead) throws Exception {
        Answer answer = Http.send("PUT", notification + "/api/attendees/" + attendee.id() + "/favourites/" + talk,
                ("{\"leadMinutes\":" + lead + "}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
                "Authorization", attendee.bearer());
        assertEquals(201, answer.status(), answer.body());
    }

    private void agendas(Attendee a, Attendee b) throws Exception {
        String talk = talkIds().get(0);
        record Call(String name, String method, String path, String body) {
        }
        List<Call> onB = List.of(
                new Call("read B's favourites", "GET", "/api/attendees/" + b.id() + "/favourites", null),
                new Call("add to B's favourites", "PUT", "/api/attendees/" + b.id() + "/favourites/" + talkIds0(),
                        "{\"leadMinutes\":10}"),
                new Call("remove B's favourite", "DELETE", "/api/attendees/" + b.id() + "/favourites/" + talk, null),
                new Call("forget B", "DELETE", "/api/attendees/" + b.id(), null));
        Map<String, Object[]> credentials = new LinkedHashMap<>();
        credentials.put("A's token", new Object[] {a.bearer(), 403});
        credentials.put("A's token, lower-case scheme", new Object[] {"bearer " + a.token(), 403});
        credentials.put("no token", new Object[] {null, 401});
        credentials.put("an empty bearer", new Object[] {"Bearer ", 401});
        credentials.put("a made-up token", new Object[] {"Bearer " + letters(43), 403});
        credentials.put("B's token as Basic", new Object[] {"Basic " + b.token(), 401});
        credentials.put("B's token with another scheme", new Object[] {"Token " + b.token(), 401});
        for (Call call : onB) {
            for (Map.Entry<String, Object[]> credential : credentials.entrySet()) {
                agendaCall("attendee B's agenda", call.name() + " with " + credential.getKey(), call.method(),
                        call.path(), call.body(), (String) credential.getValue()[0], (Integer) credential.getValue()[1]);
            }
            // B's token in the URL is only for EventSource, not for these calls.
            agendaCall("attendee B's agenda", call.name() + " with B's token as a parameter", call.method(),
                    call.path() + "?token=" + b.token(), call.body(), null, 401);
        }
        // Unknown attendees (404) and ids that are no attendee ids (400), with A's token.
        for (int i = 0; i < 6; i++) {
            String unknown = UUID.randomUUID().toString();
            agendaCall("attendee ids", "favourites of unknown " + unknown, "GET",
                    "/api/attendees/" + unknown + "/favourites", null, a.bearer(), 404);
        }
        List<String> badIds = List.of("x", "1234", "not-a-uuid", "' OR 1=1 --", "a".repeat(300), b.id() + "0",
                b.id().replace("-", ""), "%00", "..", "%20");
        for (String bad : badIds) {
            String path = "/api/attendees/" + (bad.startsWith("%") ? bad : Http.encode(bad));
            agendaCall("attendee ids", "favourites of '" + bad + "'", "GET", path + "/favourites", null, a.bearer(), 400,
                    404);
            // '..' makes the path /api/favourites/{talk}: no route takes a body there, so the body gate refuses it
            // unread (413) before routing, as on any path that takes no body.
            agendaCall("attendee ids", "add a favourite to '" + bad + "'", "PUT", path + "/favourites/" + talk,
                    "{}", a.bearer(), bad.equals("..") ? new int[] {413} : new int[] {400, 404});
            agendaCall("attendee ids", "forget '" + bad + "'", "DELETE", path, null, a.bearer(), 400, 404, 405);
        }
        // A's own agenda, with A's token, and bodies or talk ids that are wrong.
        String own = "/api/attendees/" + a.id() + "/favourites/";
        List<String> bodies = List.of("{\"leadMinutes\":7}", "{\"leadMinutes\":-1}", "{\"leadMinutes\":1441}",
                "{\"leadMinutes\":99999999999}", "{\"leadMinutes\":\"ten\"}", "{\"leadMinutes\":1.5}",
                "{\"leadMinutes\":[]}", "{\"leadMinutes\":{}}", "{", "[1]", "\"x\"", "{\"leadMinutes\":5,}",
                "{\"leadMinutes\":1e400}", "{\"leadMinutes\":-0.0001}");
        for (String body : bodies) {
            agendaCall("own agenda: bad bodies", "PUT " + body, "PUT", own + talk, body, a.bearer(), 400);
        }
        agendaCall("own agenda: bad bodies", "PUT as text/plain", "PUT", own + talk, "{\"leadMinutes\":5}", "text/plain",
                a.bearer(), 415);
        List<String> badTalks = new ArrayList<>(List.of("t".repeat(201), "%20", "%00", "a%00b", "a%1Fb", "%09",
                "a%7Fb", "x".repeat(1000)));
        for (String bad : badTalks) {
            agendaCall("own agenda: bad talk ids", "PUT talk '" + abbreviated(bad) + "'", "PUT",
                    own + bad, "{\"leadMinutes\":5}", a.bearer(), 400);
        }
        // B's agenda is as it was.
        tally.check("attendee B's agenda", "B still has both favourites", () -> {
            JsonNode favourites = Http.JSON.readTree(Http.get(notification + "/api/attendees/" + b.id() + "/favourites",
                    "Authorization", b.bearer()).body());
            return favourites.size() == 2 ? null : "B's favourites: " + favourites;
        });
    }

    /** Web Push devices: another's (401/403), bad ids (400), bodies that are no https subscription (400). */
    private void pushSubscriptions(Attendee a, Attendee b) {
        // A real P-256 point and auth secret (RFC 8291's example receiver): only the caller or the endpoint is wrong.
        String keys = "\"keys\":{\"p256dh\":\"BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6"
                + "SRpkNtoIAiw4\",\"auth\":\"BTBZMqHH6r4Tts7J_aSIgg\"}";
        String valid = "{\"endpoint\":\"https://push.example.net/send/" + letters(20) + "\"," + keys + "}";
        String onB = "/api/attendees/" + b.id() + "/push-subscriptions";
        for (String method : List.of("PUT", "DELETE")) {
            agendaCall("push devices", method + " B's device without a token", method, onB, valid, null, 401);
            agendaCall("push devices", method + " B's device with A's token", method, onB, valid, a.bearer(), 403);
            agendaCall("push devices", method + " B's device with a made-up token", method, onB, valid,
                    "Bearer " + letters(43), 403);
            agendaCall("push devices", method + " an unknown attendee's device", method,
                    "/api/attendees/" + UUID.randomUUID() + "/push-subscriptions", valid, a.bearer(), 404);
            for (String bad : List.of("x", "not-a-uuid", b.id() + "0", "' OR 1=1 --")) {
                agendaCall("push devices", method + " the device of '" + bad + "'", method,
                        "/api/attendees/" + Http.encode(bad) + "/push-subscriptions", valid, a.bearer(), 400);
            }
        }
        String own = "/api/attendees/" + a.id() + "/push-subscriptions";
        List<String> bodies = List.of("{", "[]", "\"x\"", "{}", "null", "{\"endpoint\":1," + keys + "}",
                "{\"endpoint\":\"http://push.example.net/send/x\"," + keys + "}",
                "{\"endpoint\":\"ftp://push.example.net/x\"," + keys + "}",
                "{\"endpoint\":\"javascript:alert(1)\"," + keys + "}",
                "{\"endpoint\":\"https://\"," + keys + "}",
                "{\"endpoint\":\"https://push.example.net/" + "x".repeat(2100) + "\"," + keys + "}",
                "{\"endpoint\":\"https://push.example.net/x\"}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":[]}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"AAAA\",\"auth\":\"AAAA\"}}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"B" + "A".repeat(86)
                        + "\",\"auth\":\"BTBZMqHH6r4Tts7J_aSIgg\"}}",
                "{\"endpoint\":\"https://push.example.net/x\",\"keys\":{\"p256dh\":\"%%%\",\"auth\":\"$$\"}}");
        for (String body : bodies) {
            agendaCall("push devices: bad bodies", "PUT " + abbreviated(body), "PUT", own, body, a.bearer(), 400);
        }
        agendaCall("push devices: bad bodies", "DELETE without an endpoint", "DELETE", own, "{}", a.bearer(), 400);
        agendaCall("push devices: bad bodies", "PUT as text/plain", "PUT", own, valid, "text/plain", a.bearer(), 415);
    }

    /**
     * Calendar feeds: issuing or revoking another's (401/403), bad ids (400), a body (413, unread); feed URLs that name
     * no live feed (404), whatever their shape. None of them issues a key (the agenda state includes the feeds).
     */
    private void calendarFeeds(Attendee a, Attendee b) {
        String onB = "/api/attendees/" + b.id() + "/calendar-feed";
        for (String method : List.of("POST", "DELETE")) {
            agendaCall("calendar feeds", method + " B's feed without a token", method, onB, null, null, 401);
            agendaCall("calendar feeds", method + " B's feed with A's token", method, onB, null, a.bearer(), 403);
            agendaCall("calendar feeds", method + " B's feed with a made-up token", method, onB, null,
                    "Bearer " + letters(43), 403);
            agendaCall("calendar feeds", method + " B's feed with B's token as Basic", method, onB, null,
                    "Basic " + b.token(), 401);
            agendaCall("calendar feeds", method + " an unknown attendee's feed", method,
                    "/api/attendees/" + UUID.randomUUID() + "/calendar-feed", null, a.bearer(), 404);
            for (String bad : List.of("x", "not-a-uuid", b.id() + "0", "' OR 1=1 --")) {
                agendaCall("calendar feeds", method + " the feed of '" + bad + "'", method,
                        "/api/attendees/" + Http.encode(bad) + "/calendar-feed", null, a.bearer(), 400);
            }
            agendaCall("calendar feeds", method + " B's feed with a body", method, onB, "{}", b.bearer(), 413);
        }
        List<String> files = new ArrayList<>(List.of(letters(43) + ".ics", letters(43), letters(42) + ".ics",
                letters(44) + ".ics", ".ics", "x", letters(43) + ".ICS", letters(43) + ".ics.ics", b.token() + ".ics",
                b.id() + ".ics", "x".repeat(3000) + ".ics"));
        for (int i = 0; i < 10; i++) {
            files.add(letters(1 + random.nextInt(80)) + ".ics");
        }
        for (String file : files) {
            agendaCall("calendar feeds: unknown feeds", "GET " + abbreviated(file), "GET",
                    "/api/calendar-feeds/" + file, null, null, 404);
        }
        // Escapes that the HTTP layer may refuse before routing (400) or that name no feed (404).
        for (String file : List.of("%00.ics", letters(42) + "%0A.ics", letters(42) + "%2F.ics",
                "..%2F..%2Fapi%2Fattendees.ics", letters(42) + "%0D.ics")) {
            agendaCall("calendar feeds: unknown feeds", "GET " + file, "GET", "/api/calendar-feeds/" + file, null,
                    null, 400, 404);
        }
        agendaCall("calendar feeds: unknown feeds", "GET with B's token as the key", "GET",
                "/api/calendar-feeds/" + letters(43) + ".ics", null, b.bearer(), 404);
    }

    /** Pairing codes: another's (401/403), bad ids (400); codes that are none, unknown, or bodies that are wrong. */
    private void pairing(Attendee a, Attendee b) {
        String onB = "/api/attendees/" + b.id() + "/pairing-codes";
        agendaCall("pairing codes", "issue for B without a token", "POST", onB, null, null, 401);
        agendaCall("pairing codes", "issue for B with A's token", "POST", onB, null, a.bearer(), 403);
        agendaCall("pairing codes", "issue for B with a made-up token", "POST", onB, null, "Bearer " + letters(43), 403);
        agendaCall("pairing codes", "issue for an unknown attendee", "POST",
                "/api/attendees/" + UUID.randomUUID() + "/pairing-codes", null, a.bearer(), 404);
        for (String bad : List.of("x", "not-a-uuid", b.id() + "0", "' OR 1=1 --")) {
            agendaCall("pairing codes", "issue for '" + bad + "'", "POST",
                    "/api/attendees/" + Http.encode(bad) + "/pairing-codes", null, a.bearer(), 400);
        }
        agendaCall("pairing codes", "issue with a body", "POST", "/api/attendees/" + a.id() + "/pairing-codes",
                "{\"code\":\"x\"}", a.bearer(), 413);
        List<String> bodies = List.of("{", "[]", "\"x\"", "{}", "null", "{\"code\":1}", "{\"code\":\"\"}",
                "{\"code\":[]}", "{\"code\":\"ABCD\"}", "{\"code\":\"ABCD-EFGH-JKM!\"}",
                "{\"code\":\"ABCD-EFGH-JKMN-P\"}", "{\"code\":\"" + "A".repeat(100) + "\"}",
                "{\"code\":\"%00%00\"}", "{\"code\":\"\\u0000ABCDEFGHJKMN\"}");
        for (String body : bodies) {
            agendaCall("pairings: bad bodies", "POST " + abbreviated(body), "POST", "/api/pairings", body, null, 400);
        }
        for (int i = 0; i < 4; i++) {
            String unknown = letters(12).toUpperCase(java.util.Locale.ROOT).replaceAll("[ILOU]", "7");
            agendaCall("pairings: unknown codes", "POST code " + unknown, "POST", "/api/pairings",
                    "{\"code\":\"" + unknown + "\"}", null, 404);
        }
        agendaCall("pairings: bad bodies", "POST 2,000 bytes", "POST", "/api/pairings",
                "{\"code\":\"" + "A".repeat(2000) + "\"}", null, 413);
        agendaCall("pairings: bad bodies", "POST as text/plain", "POST", "/api/pairings", "{\"code\":\"0000-0000-0000\"}",
                "text/plain", null, 415);
        agendaCall("pairings: bad bodies", "GET", "GET", "/api/pairings", null, null, 405);
    }

    private String talkIds0() throws Exception {
        return talkIds().get(7);
    }

    private void agendaCall(String surface, String name, String method, String path, String body, String authorization,
            int... expected) {
        agendaCall(surface, name, method, path, body, "application/json", authorization, expected);
    }

    private void agendaCall(String surface, String name, String method, String path, String body, String contentType,
            String authorization, int... expected) {
        tally.check("agendas: " + surface, name, () -> both(Http.problem(Http.send(method, notification + path,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "Content-Type", body == null ? null
                        : contentType, "Authorization", authorization), expected), agendasUnchanged()));
    }

    // ---------------------------------------------------------------------------------------------------- SSE

    private static final List<String> TYPES = List.of("talk.upcoming", "talk.started", "talk.ended", "talk.moved",
            "talk.cancelled", "session.started", "session.ended");

    private void reminderStreams(Attendee a, Attendee b) {
        for (int i = 0; i < 120; i++) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            String description;
            int[] expected;
            switch (i % 6) {
                case 0 -> {
                    String type = random.nextBoolean() ? letters(1 + random.nextInt(20))
                            : any(TYPES).replace(".", random.nextBoolean() ? "_" : ".x");
                    params.put("type", List.of(type));
                    addRandomFilters(params, random.nextInt(5));
                    description = "unknown type '" + type + "'";
                    expected = new int[] {400};
                }
                case 1 -> {
                    // Up to 200: with 300 the query could pass the server's 4 KiB request line (a 414, not this 400).
                    int count = 51 + random.nextInt(150);
                    for (int n = 0; n < count; n++) {
                        String name = any(List.of("talk", "room", "session", "speaker", "type"));
                        params.computeIfAbsent(name, k -> new ArrayList<>())
                                .add(name.equals("type") ? any(TYPES) : letters(1 + random.nextInt(8)));
                    }
                    description = count + " filter values";
                    expected = new int[] {400};
                }
                case 2 -> {
                    String id = any(List.of("x", "1", letters(36), UUID.randomUUID() + "x", "'; DROP TABLE x; --", " "));
                    params.put("attendee", List.of(id));
                    params.put("token", List.of(a.token()));
                    description = "attendee '" + id + "'";
                    expected = new int[] {400};
                }
                case 3 -> {
                    params.put("attendee", List.of(b.id()));
                    boolean none = random.nextBoolean();
                    if (!none) {
                        params.put("token", List.of(random.nextBoolean() ? a.token() : letters(43)));
                    }
                    addRandomFilters(params, random.nextInt(3));
                    description = "B's stream with " + (none ? "no token" : "another token");
                    expected = new int[] {none ? 401 : 403};
                }
                case 4 -> {
                    params.put("attendee", List.of(UUID.randomUUID().toString()));
                    params.put("token", List.of(a.token()));
                    description = "an unknown attendee's stream";
                    expected = new int[] {404};
                }
                default -> {
                    params.put("type", List.of(any(TYPES), letters(5)));
                    params.put("attendee", List.of(b.id()));
                    description = "an unknown type on B's stream without token";
                    expected = new int[] {400, 401};
                }
            }
            String query = params.entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(v -> Http.encode(e.getKey()) + "=" + Http.encode(v)))
                    .collect(Collectors.joining("&"));
            tally.check("SSE /api/reminders", description, () -> Http.problem(Http.get(notification
                    + "/api/reminders?" + query, "Accept", "text/event-stream"), expected));
        }
        // B's stream with A's token in the Authorization header.
        tally.check("SSE /api/reminders", "B's stream with A's bearer token", () -> Http.problem(Http.get(notification
                + "/api/reminders?attendee=" + b.id(), "Accept", "text/event-stream", "Authorization", a.bearer()), 403));
    }

    private void addRandomFilters(Map<String, List<String>> params, int count) {
        for (int n = 0; n < count; n++) {
            params.computeIfAbsent(any(List.of("talk", "room", "session", "speaker")), k -> new ArrayList<>())
                    .add(letters(1 + random.nextInt(10)));
        }
    }

    // ---------------------------------------------------------------------------------------------------- WebSocket

    private void webSocket(Attendee a, Attendee b) throws Exception {
        URI uri = URI.create(notification.replace("http://", "ws://") + "/ws/reminders");
        WsClient socket = new WsClient(uri);
        List<String[]> messages = new ArrayList<>(); // {description, text}
        String subscribe = "{\"action\":\"subscribe\",\"type\":[\"talk.upcoming\"],\"room\":[\"Ballroom 1 & 2\"]}";
        for (int i = 0; i < 20; i++) {
            int cut = random.nextInt(subscribe.length() - 1);
            messages.add(new String[] {"truncated at " + cut, subscribe.substring(0, cut)});
        }
        for (int i = 0; i < 10; i++) {
            messages.add(new String[] {"random text", letters(1 + random.nextInt(200))});
        }
        for (String text : List.of("", " ", "null", "[]", "42", "\"subscribe\"", "true", "{}", "{\"action\":null}",
                "{\"action\":5}", "{\"action\":[]}", "{\"action\":{}}", "{\"action\":\"subscribe\",\"talk\":{}}",
                "{\"action\":\"subscribe\",\"type\":[{}]}", "{\"action\":\"subscribe\",\"lastEventId\":{}}",
                "{\"action\":\"subscribe\",\"room\":[[\"a\"]]}", "{\"action\":\"subscribe\",\"attendee\":5}",
                "{\"action\":\"subscribe\"}}", "{\"action\":\"subscribe\",}", "{'action':'subscribe'}",
                "[".repeat(2000), "{\"a\":".repeat(800) + "1" + "}".repeat(800))) {
            messages.add(new String[] {"not a usable message: " + abbreviated(text), text});
        }
        for (int i = 0; i < 15; i++) {
            String action = letters(1 + random.nextInt(15));
            messages.add(new String[] {"unknown action " + action, "{\"action\":\"" + action + "\"}"});
        }
        for (int i = 0; i < 15; i++) {
            String field = letters(1 + random.nextInt(12));
            messages.add(new String[] {"unknown field " + field, "{\"action\":\"subscribe\",\"" + field + "\":[\"x\"]}"});
        }
        for (int i = 0; i < 15; i++) {
            int count = 51 + random.nextInt(150);
            List<String> values = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                values.add("\"" + letters(4) + "\"");
            }
            String field = any(List.of("talk", "room", "session", "speaker"));
            messages.add(new String[] {count + " filter values",
                    "{\"action\":\"subscribe\",\"" + field + "\":[" + String.join(",", values) + "]}"});
        }
        for (int i = 0; i < 10; i++) {
            String type = letters(3 + random.nextInt(10));
            messages.add(new String[] {"unknown type " + type, "{\"action\":\"subscribe\",\"type\":\"" + type + "\"}"});
        }
        messages.add(new String[] {"B's stream with A's token", "{\"action\":\"subscribe\",\"attendee\":\"" + b.id()
                + "\",\"token\":\"" + a.token() + "\"}"});
        messages.add(new String[] {"B's stream without token", "{\"action\":\"subscribe\",\"attendee\":\"" + b.id() + "\"}"});
        messages.add(new String[] {"B's stream with a made-up token", "{\"action\":\"subscribe\",\"attendee\":\"" + b.id()
                + "\",\"token\":\"" + letters(43) + "\"}"});
        messages.add(new String[] {"an unknown attendee", "{\"action\":\"subscribe\",\"attendee\":\"" + UUID.randomUUID()
                + "\",\"token\":\"" + a.token() + "\"}"});
        for (String id : List.of("x", "123", letters(36), "' or 1=1")) {
            messages.add(new String[] {"attendee id '" + id + "'", "{\"action\":\"subscribe\",\"attendee\":\"" + id
                    + "\",\"token\":\"" + a.token() + "\"}"});
        }
        for (int i = 0; i < 10; i++) {
            int size = 4097 + random.nextInt(60_000);
            messages.add(new String[] {"a message of " + size + " characters",
                    "{\"action\":\"subscribe\",\"lastEventId\":\"" + "x".repeat(size) + "\"}"});
        }
        for (String[] message : messages) {
            socket = wsCheck(socket, uri, message[0], () -> {
                return message[1];
            });
        }
        // Binary frames: the API is JSON text.
        for (int i = 0; i < 5; i++) {
            byte[] data = new byte[1 + random.nextInt(2000)];
            random.nextBytes(data);
            WsClient current = socket;
            tally.check("WebSocket /ws/reminders", "a binary message of " + data.length + " bytes", () -> {
                current.sendBinary(data);
                return wsError(current.next(Duration.ofSeconds(5)));
            });
            if (current.closed.isDone()) {
                socket = new WsClient(uri);
            }
        }
        // After all that, the same connection still subscribes.
        WsClient last = socket;
        tally.check("WebSocket /ws/reminders", "a valid subscribe afterwards", () -> {
            last.send("{\"action\":\"subscribe\"}");
            Object answer = last.next(Duration.ofSeconds(5));
            return "{\"type\":\"subscribed\"}".equals(answer) ? null : "answered " + answer;
        });
        last.close();
        // Over the hard limit (64 KiB): the connection is closed with 1009.
        for (int i = 0; i < 3; i++) {
            int size = 65_537 + random.nextInt(200_000);
            tally.check("WebSocket /ws/reminders", "a message of " + size + " characters (over 64 KiB)", () -> {
                try (WsClient probe = new WsClient(uri)) {
                    probe.send("{\"action\":\"subscribe\",\"lastEventId\":\"" + "y".repeat(size) + "\"}");
                    WsClient.Closed closed = probe.closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
                    return closed.code() == 1009 ? null : "closed with " + closed;
                }
            });
        }
    }

    private WsClient wsCheck(WsClient socket, URI uri, String description, Supplier<String> text) throws Exception {
        tally.check("WebSocket /ws/reminders", description, () -> {
            socket.send(text.get());
            return wsError(socket.next(Duration.ofSeconds(5)));
        });
        return socket.closed.isDone() ? new WsClient(uri) : socket;
    }

    /** Null when the answer is an error message as docs/reminders.md describes it. */
    private static String wsError(Object answer) throws IOException {
        if (answer == null) {
            return "no answer in 5 s";
        }
        if (answer instanceof WsClient.Closed closed) {
            return "the connection was closed: " + closed;
        }
        JsonNode error = Http.JSON.readTree((String) answer);
        int status = error.path("status").asInt();
        if (!"error".equals(error.path("type").asText()) || status < 400 || status >= 500
                || error.path("title").asText().isBlank() || error.path("detail").asText().isBlank()) {
            return "not a 4xx error message: " + Http.abbreviate((String) answer);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------- Kafka

    /**
     * Poison records on talk-events, then one valid record: each poison record must end up in talk-events-dlq and
     * never reach a client; the valid one must reach an SSE and a WebSocket client that were there all along.
     */
    private String kafkaPoison() throws Exception {
        JsonNode example = Http.JSON.readTree(ServiceProcess.ROOT
                .resolve("contract/src/main/resources/onstage/contract/examples/talk.upcoming.json").toFile());
        String talkId = example.path("talk").path("id").asText();
        String dueAt = example.path("dueAt").asText();
        SseClient sse = new SseClient(URI.create(notification + "/api/reminders"), null).awaitSubscribed();
        WsClient ws = new WsClient(URI.create(notification.replace("http://", "ws://") + "/ws/reminders"));
        ws.send("{\"action\":\"subscribe\"}");
        assertEquals("{\"type\":\"subscribed\"}", ws.next(Duration.ofSeconds(10)));

        Map<String, String> described = new LinkedHashMap<>();
        String validId = "bad-input-valid-" + seed;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers(), "acks", "all", "max.request.size", 2_000_000), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < 110; n++) {
                String marker = String.valueOf(n);
                String ceId = "poison-" + seed + "-" + n;
                Map<String, byte[]> headers = new LinkedHashMap<>();
                headers.put("ce_specversion", utf8("1.0"));
                headers.put("ce_id", utf8(ceId));
                headers.put("ce_source", utf8("urn:onstage:schedule-service"));
                headers.put("ce_type", utf8("onstage.talk.upcoming"));
                headers.put("ce_time", utf8(dueAt));
                headers.put("ce_subject", utf8(talkId));
                headers.put("content-type", utf8("application/json"));
                String key = talkId;
                ObjectNode data = example.deepCopy();
                byte[] value = null;
                String description;
                switch (n % 13) {
                    case 0 -> {
                        String text = any(List.of(letters(1 + random.nextInt(100)), "{", "", "null", "[]", "42",
                                "\"talk\"", Http.JSON.writeValueAsString(example).substring(0, 1 + random.nextInt(400))));
                        value = utf8(text);
                        description = "data that is not a JSON object: " + abbreviated(text);
                    }
                    case 1 -> {
                        String type = any(List.of("onstage.talk.exploded", "talk.upcoming", "", "onstage.talk.UPCOMING",
                                "onstage." + letters(8)));
                        headers.put("ce_type", utf8(type));
                        description = "ce_type '" + type + "'";
                    }
                    case 2 -> {
                        String missing = any(List.copyOf(headers.keySet()));
                        headers.remove(missing);
                        description = "no " + missing + " header";
                    }
                    case 3 -> {
                        headers.clear();
                        key = "bad-input-" + marker;
                        description = "no headers at all";
                    }
                    case 4 -> {
                        key = random.nextBoolean() ? null : any(List.of(letters(10), "icml2022-deep-learning-5", ""));
                        description = "key " + (key == null ? "null" : "'" + key + "'") + " is not the talk id";
                    }
                    case 5 -> {
                        value = null;
                        data = null;
                        description = "a null value (tombstone)";
                    }
                    case 6 -> {
                        boolean spec = random.nextBoolean();
                        headers.put(spec ? "ce_specversion" : "ce_source", utf8(spec ? "0.3" : "urn:somebody:else"));
                        description = spec ? "ce_specversion 0.3" : "another ce_source";
                    }
                    case 7 -> {
                        String time = any(List.of("soon", "2022-07-21T14:36:00Z", "2022-07-21 14:35:00", ""));
                        headers.put("ce_time", utf8(time));
                        description = "ce_time '" + time + "'";
                    }
                    case 8 -> {
                        switch (random.nextInt(6)) {
                            case 0 -> ((ObjectNode) data.path("talk")).put("id", 42);
                            case 1 -> data.remove("talk");
                            case 2 -> data.put("dueAt", "2022-07-21T14:36:00Z");
                            case 3 -> ((ObjectNode) data.path("talk")).put("unexpected", true);
                            case 4 -> ((ObjectNode) data.path("talk")).put("end", "2022-07-21T07:40:00-07:00");
                            default -> data.put("leadMinutes", -10);
                        }
                        description = "data that breaks the contract";
                    }
                    case 9 -> {
                        value = utf8("{\"talk\":\"" + "z".repeat(500_000 + random.nextInt(400_000)) + "\"");
                        description = "a value of " + value.length + " bytes that is not JSON";
                    }
                    case 10 -> {
                        value = new byte[1 + random.nextInt(5000)];
                        random.nextBytes(value);
                        description = "random bytes";
                    }
                    case 11 -> {
                        String header = any(List.of("ce_id", "ce_type", "ce_subject"));
                        byte[] junk = new byte[8];
                        random.nextBytes(junk);
                        junk[0] = (byte) 0xC3; // not UTF-8
                        junk[1] = (byte) 0x28;
                        headers.put(header, random.nextBoolean() ? junk : null);
                        description = header + " that is not UTF-8 text or null";
                    }
                    default -> {
                        headers.put("content-type", utf8(any(List.of("text/plain", "application/xml", ""))));
                        description = "a content-type other than application/json";
                    }
                }
                if (data != null && value == null && n % 13 != 5) {
                    value = utf8(Http.JSON.writeValueAsString(data));
                }
                List<Header> recordHeaders = new ArrayList<>();
                headers.forEach((name, bytes) -> recordHeaders.add(new RecordHeader(name, bytes)));
                recordHeaders.add(new RecordHeader("bad-input", utf8(marker)));
                producer.send(new ProducerRecord<>("talk-events", null, key, value, recordHeaders)).get();
                described.put(marker, description);
            }
            // Then a record that follows the contract.
            List<Header> valid = new ArrayList<>(List.of(new RecordHeader("ce_specversion", utf8("1.0")),
                    new RecordHeader("ce_id", utf8(validId)),
                    new RecordHeader("ce_source", utf8("urn:onstage:schedule-service")),
                    new RecordHeader("ce_type", utf8("onstage.talk.upcoming")),
                    new RecordHeader("ce_time", utf8(dueAt)), new RecordHeader("ce_subject", utf8(talkId)),
                    new RecordHeader("content-type", utf8("application/json"))));
            producer.send(new ProducerRecord<>("talk-events", null, talkId,
                    utf8(Http.JSON.writeValueAsString(example)), valid)).get();
        }

        // Every poison record in the dead letters, with a reason.
        Map<String, String> reasons = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                stack.kafka().bootstrapServers(), "group.id", "bad-input-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("talk-events-dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reasons.size() < described.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header marker = record.headers().lastHeader("bad-input");
                    Header reason = record.headers().lastHeader("dead-letter-reason");
                    if (marker != null) {
                        reasons.put(new String(marker.value(), StandardCharsets.UTF_8),
                                reason == null || reason.value() == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        // The valid record, after all of them, reaches both clients.
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sse.ids.contains(validId) && ws.eventIds.contains(validId));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below
        }
        Set<String> streamed = new java.util.HashSet<>(sse.ids);
        streamed.addAll(ws.eventIds);
        sse.close();
        ws.close();
        described.forEach((marker, description) -> tally.check("Kafka talk-events", description, () -> {
            String poisonId = "poison-" + seed + "-" + marker;
            if (streamed.contains(poisonId)) {
                return "streamed to a client";
            }
            String reason = reasons.get(marker);
            if (reason == null) {
                return "not in talk-events-dlq";
            }
            return reason.isBlank() ? "in talk-events-dlq without a dead-letter-reason" : null;
        }));
        tally.check("Kafka talk-events", "a valid record after the poison reaches SSE and WebSocket clients", () ->
                streamed.contains(validId) ? null : "SSE got " + sse.ids + ", WebSocket got " + ws.eventIds);
        return validId;
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T any(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String letters(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    /** A talk id that does not exist: letters, other scripts, punctuation, very long. */
    private String randomId() {
        return switch (random.nextInt(5)) {
            case 0 -> letters(1 + random.nextInt(40));
            case 1 -> "tälk-" + letters(5) + "-日本";
            case 2 -> "x".repeat(500 + random.nextInt(1500));
            case 3 -> "a b;c'd\"e<f>" + letters(3);
            default -> UUID.randomUUID().toString();
        };
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(text)));
    }
}
