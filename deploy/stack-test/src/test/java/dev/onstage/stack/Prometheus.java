package dev.onstage.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service's /q/metrics: sums of samples, the heap (also after a forced GC), a timer's histogram. */
final class Prometheus {

    private static final Pattern BUCKET = Pattern.compile("\\{(?:.*,)?le=\"([^\"]+)\".*\\} ([0-9.eE+-]+)$");

    private Prometheus() {
    }

    /** The sum of the samples whose name (with the start of their labels) begins with {@code prefix}. */
    static double sum(String base, String prefix) throws Exception {
        double sum = 0;
        for (String line : Http.get(base + "/q/metrics").body().split("\n")) {
            if (line.startsWith(prefix) && (line.charAt(prefix.length()) == ' ' || line.charAt(prefix.length()) == '{'
                    || prefix.endsWith("\""))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Heap in use (all pools), bytes. */
    static long heap(String base) throws Exception {
        return (long) sum(base, "jvm_memory_used_bytes{area=\"heap\"");
    }

    /** Heap in use after a full GC (jcmd GC.run): what the service really keeps. */
    static long heapAfterGc(ServiceProcess service) throws Exception {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(service.process.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            throw new AssertionError("jcmd GC.run did not end");
        }
        Thread.sleep(200);
        return heap("http://127.0.0.1:" + service.port);
    }

    /** A histogram's cumulative buckets: upper bound (seconds, +Inf as infinity) to count. */
    static TreeMap<Double, Double> buckets(String base, String name) throws Exception {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (String line : Http.get(base + "/q/metrics").body().split("\n")) {
            if (line.startsWith(name + "_bucket{")) {
                Matcher bucket = BUCKET.matcher(line);
                if (bucket.find()) {
                    buckets.merge(bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(bucket.group(1)), Double.parseDouble(bucket.group(2)), Double::sum);
                }
            }
        }
        return buckets;
    }

    /** Cumulative buckets after minus before: what was recorded in between. */
    static TreeMap<Double, Double> minus(Map<Double, Double> after, Map<Double, Double> before) {
        TreeMap<Double, Double> between = new TreeMap<>();
        after.forEach((bound, count) -> between.put(bound, count - before.getOrDefault(bound, 0.0)));
        return between;
    }

    /** The upper bound of the bucket that holds quantile {@code q} (seconds); NaN without samples. */
    static double quantile(Map<Double, Double> buckets, double q) {
        double count = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (count == 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : new TreeMap<>(buckets).entrySet()) {
            if (bucket.getValue() >= q * count) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
