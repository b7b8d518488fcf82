package dev.onstage.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** notification-service validates on several consumer threads at once: same answers as one thread. */
class ConcurrencyTest {

    @Test
    void manyThreadsGetTheSameAnswers() throws Exception {
        List<TalkEventType> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (TalkEventType type : TalkEventType.values()) {
            types.add(type);
            values.add(type.exampleData());
            ObjectNode broken = Examples.data(type);
            broken.remove("dueAt");
            types.add(type);
            values.add(Examples.json(broken));
        }
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            expected.add(ContractValidator.validate(types.get(i), values.get(i)));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < types.size(); i++) {
                            assertEquals(expected.get(i), ContractValidator.validate(types.get(i), values.get(i)));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(200 * types.size(), result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
