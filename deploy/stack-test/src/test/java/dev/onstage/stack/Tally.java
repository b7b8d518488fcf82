package dev.onstage.stack;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

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

    /** One input and what was wrong with its answer (null: refused as expected). */
    private record Outcome(String input, String failure) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();

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
        outcomes.computeIfAbsent(surface, s -> new ArrayList<>()).add(new Outcome(input, failure));
    }

    /**
     * Every input checked so far as a test of its own, grouped by surface, so that a failure names its surface and
     * input in the report. The inputs ran in order against one stack (each is compared with the state before it);
     * each test reports its input's outcome.
     */
    Stream<DynamicContainer> asTests() {
        return outcomes.entrySet().stream().map(surface -> DynamicContainer.dynamicContainer(surface.getKey(),
                surface.getValue().stream().map(outcome -> DynamicTest.dynamicTest(name(outcome.input()), () -> {
                    if (outcome.failure() != null) {
                        fail(outcome.failure());
                    }
                }))));
    }

    /** A readable test name: one line, not too long (inputs may be megabytes of anything). */
    private static String name(String input) {
        String line = input.replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
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
