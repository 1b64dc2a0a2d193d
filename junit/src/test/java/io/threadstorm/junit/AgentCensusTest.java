package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the agent's snapshot (docs/snapshot.md): the fields the extension needs, whatever else it holds. */
class AgentCensusTest {

    private static final String SNAPSHOT = """
            {"schema": "threadstorm.snapshot/v1", "createdAt": "2026-11-26T23:49:13.120Z",
             "jvm": {"pid": 24742, "javaVersion": "25.0.3", "uptimeSeconds": 1.9},
             "threads": [
               {"id": %d, "name": "main", "state": "RUNNABLE", "daemon": false, "virtual": false,
                "ageSeconds": null, "parentId": null, "stack": ["java.base/java.lang.Thread.dumpThreads(Native Method)"],
                "site": {"id": null, "frame": "unknown (started before agent)", "kind": "unknown"}},
               {"id": 31, "name": "cap-pool", "state": "WAITING", "daemon": true, "virtual": false,
                "ageSeconds": 0.41, "parentId": 1, "futureField": {"any": [1, 2]},
                "stack": ["java.base/jdk.internal.misc.Unsafe.park(Native Method)"],
                "site": {"id": "5c0e8c2f0d6b4a11", "frame": "com.acme.App.main(App.java:41)", "kind": "executor"}},
               {"id": 9000, "name": "", "state": "WAITING", "virtual": true, "stack": []}
             ],
             "sites": [], "executors": []}
            """;

    @Test
    void readsEachThreadWithItsSiteAndToleratesUnknownFields() throws IOException {
        Thread me = Thread.currentThread();
        List<LiveThread> threads = AgentCensus.parse(SNAPSHOT.formatted(me.getId()), Map.of(me.getId(), me));
        assertEquals(3, threads.size());

        LiveThread main = threads.get(0);
        assertSame(me, main.thread());
        assertFalse(main.site().known());

        LiveThread pool = threads.get(1);
        assertEquals(new CreationSite("5c0e8c2f0d6b4a11", "com.acme.App.main(App.java:41)", "executor"), pool.site());
        assertEquals(List.of("java.base/jdk.internal.misc.Unsafe.park(Native Method)"), pool.stack());
        assertTrue(pool.daemon());
        assertNull(pool.thread(), "not a thread of this JVM");

        LiveThread virtual = threads.get(2);
        assertTrue(virtual.virtual() && virtual.daemon(), "virtual threads are daemons");
        assertNull(virtual.site());
    }

    @Test
    void refusesWhatIsNotASnapshot() {
        assertThrows(JsonProcessingException.class, () -> AgentCensus.parse("threads: none", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> AgentCensus.parse("{\"threads\": 3}", Map.of()));
    }
}
