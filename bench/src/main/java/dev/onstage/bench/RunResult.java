package dev.onstage.bench;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The figures of one run: one target, one subscriber count. */
public record RunResult(
        Instant at,
        String label,
        String target,
        int subscribers,
        int webSockets,
        int sse,
        int talks,
        int rooms,
        int slotMinutes,
        double speed,
        int events,
        long expectedDeliveries,
        long delivered,
        long missing,
        long duplicates,
        long unexpected,
        int droppedConnections,
        int connectFailures,
        double connectPerSecond,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double p999Ms,
        double maxMs,
        double wsP99Ms,
        double sseP99Ms,
        double messagesPerSecond,
        long peakMessagesPerSecond,
        double windowSeconds,
        long rssIdle0,
        long rssIdleN,
        long heapIdle0,
        long heapIdleN,
        double clockP50Ms,
        double clockP99Ms,
        double serverCpuSeconds,
        double harnessCpuSeconds,
        double busyCores,
        double otherCores,
        String loadAverage,
        Instant clockStartedAt,
        int clockRun,
        List<String> failures) {

    static final String CSV_HEADER = "at,label,target,subscribers,ws,sse,talks,rooms,slot_minutes,speed,events,"
            + "expected_deliveries,delivered,missing,duplicates,unexpected,dropped_connections,connect_failures,"
            + "connect_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,ws_p99_ms,sse_p99_ms,msgs_per_s,peak_msgs_per_s,"
            + "window_s,rss0_bytes,rssN_bytes,heap0_bytes,heapN_bytes,rss_per_conn_kib,heap_per_conn_kib,"
            + "clock_p50_ms,clock_p99_ms,server_cpu_s,harness_cpu_s,busy_cores,other_cores,server_cpu_us_per_msg,loadavg";

    /** Every subscriber got every event its filter matches exactly once, and nothing else. */
    public boolean exactlyOnce() {
        return missing == 0 && duplicates == 0 && unexpected == 0 && droppedConnections == 0 && connectFailures == 0;
    }

    /** (RSS with N idle connections - RSS with none) / N, in KiB; NaN when unknown. */
    public double rssPerConnectionKib() {
        return perConnection(rssIdle0, rssIdleN);
    }

    /** The server's CPU time per delivered message during the replay, in microseconds. */
    public double serverCpuMicrosPerMessage() {
        return delivered == 0 ? Double.NaN : serverCpuSeconds * 1e6 / delivered;
    }

    public double heapPerConnectionKib() {
        return perConnection(heapIdle0, heapIdleN);
    }

    private double perConnection(long zero, long n) {
        return zero < 0 || n < 0 || subscribers == 0 ? Double.NaN : (n - zero) / 1024.0 / subscribers;
    }

    String csv() {
        return String.join(",", at.toString(), quote(label), target, i(subscribers), i(webSockets), i(sse), i(talks),
                i(rooms), i(slotMinutes), d(speed), i(events), l(expectedDeliveries), l(delivered), l(missing),
                l(duplicates), l(unexpected), i(droppedConnections), i(connectFailures), d(connectPerSecond), d(p50Ms),
                d(p90Ms), d(p99Ms), d(p999Ms), d(maxMs), d(wsP99Ms), d(sseP99Ms), d(messagesPerSecond),
                l(peakMessagesPerSecond), d(windowSeconds), l(rssIdle0), l(rssIdleN), l(heapIdle0), l(heapIdleN),
                d(rssPerConnectionKib()), d(heapPerConnectionKib()), d(clockP50Ms), d(clockP99Ms), d(serverCpuSeconds),
                d(harnessCpuSeconds), d(busyCores), d(otherCores), d(serverCpuMicrosPerMessage()), quote(loadAverage));
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "'") + '"';
    }

    private static String i(int n) {
        return Integer.toString(n);
    }

    private static String l(long n) {
        return Long.toString(n);
    }

    private static String d(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.3f", x);
    }
}
