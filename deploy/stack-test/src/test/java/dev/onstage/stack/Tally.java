package dev.onstage.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts inputs per surface of the bad-input suite: how many were refused as expected, and what went wrong. */
final class Tally {

    /** One input's check: returns null when the input was refused as expected, else what was wrong. */
    @FunctionalInterface
    interface Check {
        String run() throws Exception;
    }

    private static final class Row {
        int inputs;
        int refused;
        final List<String> failures = new ArrayList<>();
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** Runs one input's check; an exception (a connection reset, a timeout) is a failure too. */
    void check(String surface, String input, Check check) {
        Row row = rows.computeIfAbsent(surface, s -> new Row());
        row.inputs++;
        String failure;
        try {
            failure = check.run();
        } catch (Exception e) {
            failure = "exception " + e;
        }
        if (failure == null) {
            row.refused++;
        } else {
            row.failures.add(input + ": " + failure);
        }
    }

    int inputs() {
        return rows.values().stream().mapToInt(r -> r.inputs).sum();
    }

    List<String> failures() {
        List<String> all = new ArrayList<>();
        rows.forEach((surface, row) -> row.failures.forEach(f -> all.add("[" + surface + "] " + f)));
        return all;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        String format = "| %-37s | %6s | %19s | %8s |%n";
        out.append(String.format(format, "surface", "inputs", "refused as expected", "failures"));
        out.append(String.format(format, "---", "---", "---", "---"));
        int inputs = 0;
        int refused = 0;
        int failures = 0;
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row row = e.getValue();
            out.append(String.format(format, e.getKey(), row.inputs, row.refused, row.failures.size()));
            inputs += row.inputs;
            refused += row.refused;
            failures += row.failures.size();
        }
        out.append(String.format(format, "total", inputs, refused, failures));
        return out.toString();
    }
}
