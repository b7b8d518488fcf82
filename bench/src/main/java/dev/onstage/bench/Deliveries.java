package dev.onstage.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

        synchronized void record(Transport transport, int index, long receiptNanos) {
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
