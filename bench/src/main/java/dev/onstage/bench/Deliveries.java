package dev.onstage.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the subscribers of one run received: the latency of every first delivery, per transport, and when it came.
 * Each event loop records into its own {@link Recorder}; the wall clock is {@link Instant#now()} at the start plus
 * {@link System#nanoTime()} since, so that reading it costs no system call per message.
 */
final class Deliveries {

    private final long wallBaseNanos;
    private final long nanoBase;
    /** Each expected event's due instant in wall time (epoch nanoseconds); set once the clock is set. */
    private volatile long[] dueWallNanos;
    private final List<Recorder> recorders = new ArrayList<>();
    private final ThreadLocal<Recorder> recorder = ThreadLocal.withInitial(this::newRecorder);
    /** First deliveries of expected events, all subscribers together: the run is complete when all have come. */
    final AtomicLong firstDeliveries = new AtomicLong();

    Deliveries() {
        Instant now = Instant.now();
        nanoBase = System.nanoTime();
        wallBaseNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long wallNanos() {
        return wallBaseNanos + (System.nanoTime() - nanoBase);
    }

    /** Maps programme time to wall time with the clock as set: wall = startedAt + (programme - replayFrom) / speed. */
    void clockSet(EventModel model, Instant replayFrom, Instant startedAt, double speed) {
        long[] due = new long[model.size()];
        long started = startedAt.getEpochSecond() * 1_000_000_000L + startedAt.getNano();
        for (int i = 0; i < due.length; i++) {
            long programmeNanos = java.time.Duration.between(replayFrom, model.event(i).dueAt()).toNanos();
            due[i] = started + (long) (programmeNanos / speed);
        }
        dueWallNanos = due;
    }

    long dueWallNanos(int index) {
        long[] due = dueWallNanos;
        return due == null ? Long.MIN_VALUE : due[index];
    }

    Recorder recorder() {
        return recorder.get();
    }

    private Recorder newRecorder() {
        Recorder r = new Recorder();
        synchronized (recorders) {
            recorders.add(r);
        }
        return r;
    }

    /** All latencies in microseconds, sorted; {@code transport} null for both. */
    int[] latenciesMicros(Transport transport) {
        int[][] parts;
        synchronized (recorders) {
            parts = recorders.stream().map(r -> r.latencies(transport)).toArray(int[][]::new);
        }
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** The latest receipt of any first delivery, epoch nanoseconds (0 if none). */
    long lastReceiptNanos() {
        synchronized (recorders) {
            return recorders.stream().mapToLong(Recorder::lastReceipt).max().orElse(0);
        }
    }

    /** The most first deliveries received within one wall second. */
    long peakPerSecond() {
        synchronized (recorders) {
            long[] perSecond = new long[Recorder.SECONDS];
            for (Recorder r : recorders) {
                r.addPerSecond(perSecond);
            }
            return Arrays.stream(perSecond).max().orElse(0);
        }
    }

    /**
     * Where the slowest deliveries (latency at or over {@code thresholdMicros}) were: by due instant, by harness event
     * loop, by transport and by subscriber. Tells a tail made by a few bursts from one spread over the run.
     */
    String tailReport(int thresholdMicros, long firstDueWallNanos) {
        TreeMap<Long, int[]> byInstant = new TreeMap<>(); // due -> {tail, all, min, max}
        Map<Integer, Integer> bySubscriber = new HashMap<>();
        List<String> byLoop = new ArrayList<>();
        int tail = 0;
        int tailWs = 0;
        synchronized (recorders) {
            for (Recorder r : recorders) {
                int loopTail = 0;
                synchronized (r) {
                    for (int i = 0; i < r.trailCount; i += 3) {
                        int[] counts = byInstant.computeIfAbsent(dueWallNanos(r.trail[i + 1]),
                                k -> new int[] {0, 0, Integer.MAX_VALUE, Integer.MIN_VALUE});
                        counts[1]++;
                        counts[2] = Math.min(counts[2], r.trail[i]);
                        counts[3] = Math.max(counts[3], r.trail[i]);
                        if (r.trail[i] >= thresholdMicros) {
                            counts[0]++;
                            loopTail++;
                            int subscriber = r.trail[i + 2];
                            tailWs += subscriber >= 0 ? 1 : 0;
                            bySubscriber.merge(subscriber >= 0 ? subscriber : ~subscriber, 1, Integer::sum);
                        }
                    }
                }
                byLoop.add(loopTail + " of " + r.wsCount + " WS + " + r.sseCount + " SSE");
                tail += loopTail;
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "tail: %d deliveries >= %.1f ms (%d WebSocket, %d SSE) at %d subscribers, per harness loop %s; "
                        + "slowest due instants (s after the first: tail/all, min-max ms):",
                tail, thresholdMicros / 1000.0, tailWs, tail - tailWs, bySubscriber.size(), byLoop));
        byInstant.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .sorted((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0])).limit(6)
                .forEach(e -> report.append(String.format(Locale.ROOT, " +%.2f (%s) %d/%d %.0f-%.0f;",
                        (e.getKey() - firstDueWallNanos) / 1e9,
                        LocalTime.ofNanoOfDay(Math.floorMod(e.getKey(), 86_400_000_000_000L)),
                        e.getValue()[0], e.getValue()[1],
                        e.getValue()[2] / 1000.0, e.getValue()[3] / 1000.0)));
        report.append(" first instants:");
        byInstant.entrySet().stream().limit(8).forEach(e -> report.append(String.format(Locale.ROOT,
                " +%.2f %d %.0f-%.0f;", (e.getKey() - firstDueWallNanos) / 1e9, e.getValue()[1],
                e.getValue()[2] / 1000.0, e.getValue()[3] / 1000.0)));
        return report.toString();
    }

    enum Transport {
        WEBSOCKET, SSE
    }

    /** One event loop's records. */
    final class Recorder {
        static final int SECONDS = 3600;
        private int[] ws = new int[1024];
        private int wsCount;
        private int[] sse = new int[1024];
        private int sseCount;
        private long lastReceipt;
        private final int[] perSecond = new int[SECONDS];
        /** Per delivery in arrival order: latency, event index, subscriber number; for {@link #tailReport}. */
        private int[] trail = new int[3 * 1024];
        private int trailCount;

        synchronized void record(Transport transport, int index, int subscriber, long receiptNanos) {
            int micros = (int) Math.max(Integer.MIN_VALUE,
                    Math.min(Integer.MAX_VALUE, (receiptNanos - dueWallNanos(index)) / 1000));
            if (transport == Transport.WEBSOCKET) {
                if (wsCount == ws.length) {
                    ws = Arrays.copyOf(ws, ws.length * 2);
                }
                ws[wsCount++] = micros;
            } else {
                if (sseCount == sse.length) {
                    sse = Arrays.copyOf(sse, sse.length * 2);
                }
                sse[sseCount++] = micros;
            }
            if (trailCount + 3 > trail.length) {
                trail = Arrays.copyOf(trail, trail.length * 2);
            }
            trail[trailCount++] = micros;
            trail[trailCount++] = index;
            trail[trailCount++] = transport == Transport.WEBSOCKET ? subscriber : ~subscriber;
            lastReceipt = Math.max(lastReceipt, receiptNanos);
            int second = (int) ((receiptNanos - wallBaseNanos) / 1_000_000_000L);
            if (second >= 0 && second < SECONDS) {
                perSecond[second]++;
            }
        }

        synchronized int[] latencies(Transport transport) {
            if (transport == null) {
                int[] all = Arrays.copyOf(ws, wsCount + sseCount);
                System.arraycopy(sse, 0, all, wsCount, sseCount);
                return all;
            }
            return transport == Transport.WEBSOCKET ? Arrays.copyOf(ws, wsCount) : Arrays.copyOf(sse, sseCount);
        }

        synchronized long lastReceipt() {
            return lastReceipt;
        }

        synchronized void addPerSecond(long[] into) {
            for (int i = 0; i < SECONDS; i++) {
                into[i] += perSecond[i];
            }
        }
    }
}
