package dev.onstage.stack;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What one kind of bad client of the abuse suite got: answers counted by status, and what was wrong (a few kept). */
final class Outcomes {

    private static final int KEPT = 20;

    final String attack;
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger wrong = new AtomicInteger();
    private final List<String> examples = new CopyOnWriteArrayList<>();

    Outcomes(String attack) {
        this.attack = attack;
    }

    /** Counts an answer; {@code problem} is null when it was what the service promises, else what is wrong. */
    void count(int status, String problem) {
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (problem != null) {
            wrong(problem);
        }
    }

    /** Something that is not a proper answer: an exception, a 5xx, a refusal without its headers. */
    void wrong(String what) {
        wrong.incrementAndGet();
        if (examples.size() < KEPT) {
            examples.add(what);
        }
    }

    int status(int status) {
        AtomicInteger count = byStatus.get(status);
        return count == null ? 0 : count.get();
    }

    int total() {
        return byStatus.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int wrong() {
        return wrong.get();
    }

    List<String> examples() {
        return List.copyOf(examples);
    }

    @Override
    public String toString() {
        Map<Integer, Integer> sorted = new TreeMap<>();
        byStatus.forEach((status, count) -> sorted.put(status, count.get()));
        return attack + ": " + sorted + (wrong.get() == 0 ? "" : ", " + wrong.get() + " wrong, e.g. " + examples);
    }
}
