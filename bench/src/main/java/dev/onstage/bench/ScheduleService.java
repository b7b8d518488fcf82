package dev.onstage.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/** The control calls to schedule-service: import a programme, set the clock, read the clock's lateness histogram. */
final class ScheduleService {

    /** A replay of an instant at which nothing happens: no events flow between runs. */
    static final Instant PARKED = Instant.parse("2099-01-01T00:00:00Z");

    private static final Pattern LATENESS_BUCKET =
            Pattern.compile("^onstage_events_lateness_seconds_bucket\\{(?:.*,)?le=\"([^\"]+)\".*\\} ([0-9.eE+-]+)$");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    /** The clock as GET/PUT /api/clock answer it. */
    record Clock(String mode, double speed, Instant replayFrom, Instant startedAt, int run) {
    }

    ScheduleService(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Imports (or re-imports, which changes nothing) the programme; answers the import report. */
    JsonObject importProgramme(String c3vocJson) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/programme"))
                .timeout(Duration.ofMinutes(5)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(c3vocJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("importing the programme: HTTP " + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    /** Starts a new replay run from {@code replayFrom} at {@code speed}. */
    Clock replay(Instant replayFrom, double speed) throws IOException, InterruptedException {
        String body = new JsonObject().put("mode", "replay").put("replayFrom", replayFrom.toString())
                .put("speed", speed).encode();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/clock"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("setting the clock: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonObject clock = new JsonObject(response.body());
        return new Clock(clock.getString("mode"), clock.getDouble("speed"), Instant.parse(clock.getString("replayFrom")),
                Instant.parse(clock.getString("startedAt")), clock.getInteger("run"));
    }

    Clock park() throws IOException, InterruptedException {
        return replay(PARKED, 1);
    }

    /** The cumulative buckets of {@code onstage_events_lateness_seconds}: upper bound (s) to count. */
    TreeMap<Double, Double> latenessBuckets() throws IOException, InterruptedException {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : Http.get(http, base.resolve("/q/metrics")).split("\n")) {
            Matcher m = LATENESS_BUCKET.matcher(line.strip());
            if (m.matches()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    /**
     * Quantiles of the events published between two snapshots, as bucket upper bounds in ms (as
     * bench/clock/lateness.py reports them); NaN without events.
     */
    static double latenessQuantileMs(Map<Double, Double> before, TreeMap<Double, Double> after, double q) {
        double total = after.lastEntry() == null ? 0 : after.lastEntry().getValue()
                - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double n = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (n >= q * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Small HTTP helpers shared with the targets. */
    static final class Http {
        private Http() {
        }

        static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + ": HTTP " + response.statusCode());
            }
            return response.body();
        }
    }
}
