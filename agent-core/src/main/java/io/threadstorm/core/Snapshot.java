package io.threadstorm.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.threadstorm.record.ThreadListing;
import io.threadstorm.record.Site;
import io.threadstorm.record.SiteTable;
import io.threadstorm.record.TrackedThread;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The goroutine?debug=2 of Java: every live thread, platform and virtual, with its current stack and its creation
 * site, plus the site table with counters. Schema {@value #SCHEMA} (docs/snapshot.md).
 */
final class Snapshot {

    static final String SCHEMA = "threadstorm.snapshot/v1";
    static final String UNKNOWN = "unknown (started before agent)";

    private Snapshot() {
    }

    /** Executors listed in a snapshot at most: a pool-per-request leak can hold many thousands. */
    static final int MAX_EXECUTORS = 1000;

    static String json(io.threadstorm.record.Tracker tracker) {
        SiteTable sites = tracker.sites();
        // before the threads: a worker shows a task's tag on its record before it ends the task's hand-over
        java.util.Set<String> inFlight = tracker.contextsInFlight();
        List<ThreadListing.Listed> listed = ThreadListing.all(tracker);
        // after the sweep: a thread it found for the first time has that moment as its start, never a later one
        long now = System.currentTimeMillis();
        List<Map<String, Object>> threads = new ArrayList<>(listed.size());
        for (ThreadListing.Listed t : listed) {
            threads.add(thread(t.id(), t.name(), t.state(), t.daemon(), t.virtual(), t.tracked(), t.stack(), now));
        }
        List<Map<String, Object>> table = new ArrayList<>();
        for (Site s : sites.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.idText());
            m.put("kind", s.kind().label());
            m.put("counts", s.kind().threads() ? "threads" : "objects");
            m.put("frame", s.frame());
            m.put("started", s.started());
            m.put("ended", s.ended());
            m.put("live", s.live());
            m.put("stack", s.stack().stream().map(StackTraceElement::toString).toList());
            table.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("createdAt", Instant.ofEpochMilli(now).toString());
        doc.put("jvm", Map.of("pid", ProcessHandle.current().pid(), "javaVersion", System.getProperty("java.version"),
                "uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
        doc.put("threads", threads);
        doc.put("contextsInFlight", List.copyOf(inFlight));
        doc.put("sites", table);
        doc.put("executors", executors(tracker));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What each pool says of itself: read when asked, never counted on the submit path. */
    private static List<Map<String, Object>> executors(io.threadstorm.record.Tracker tracker) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<Object, io.threadstorm.record.ExecutorRecord> e : tracker.executors(MAX_EXECUTORS)) {
            Object executor = e.getKey();
            io.threadstorm.record.ExecutorRecord owner = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", executor.getClass().getName());
            m.put("site", owner.site() == null ? null : owner.site().idText());
            m.put("frame", owner.site() == null ? null : owner.site().frame());
            m.put("shutDown", owner.shutDown());
            if (executor instanceof java.util.concurrent.ThreadPoolExecutor p) {
                m.put("poolSize", p.getPoolSize());
                m.put("activeCount", p.getActiveCount());
                m.put("taskCount", p.getTaskCount());
                m.put("completedTaskCount", p.getCompletedTaskCount());
                m.put("queued", p.getQueue().size());
            } else if (executor instanceof java.util.concurrent.ForkJoinPool p) {
                m.put("poolSize", p.getPoolSize());
                m.put("activeCount", p.getActiveThreadCount());
                m.put("queued", p.getQueuedTaskCount() + p.getQueuedSubmissionCount());
            }
            io.threadstorm.record.Site submits = owner.lastSubmitSite();
            m.put("sampledSubmitFrame", submits == null ? null : submits.frame());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> thread(long id, String name, Thread.State state, boolean daemon, boolean virtual,
                                              TrackedThread t, StackTraceElement[] stack, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("state", state.name());
        m.put("daemon", daemon);
        m.put("virtual", virtual);
        m.put("ageSeconds", t == null ? null : (now - t.startMillis()) / 1000.0);
        m.put("parentId", t == null || t.parentId() == TrackedThread.UNKNOWN ? null : t.parentId());
        m.put("context", t == null ? null : t.context());
        io.threadstorm.record.Site task = t == null ? null : t.taskSite();
        m.put("contextTaskFrame", task == null ? null : task.frame());
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : stack) {
            frames.add(e.toString());
        }
        m.put("stack", frames);
        Map<String, Object> site = new LinkedHashMap<>();
        if (t == null) {
            site.put("id", null);
            site.put("frame", UNKNOWN);
            site.put("kind", "unknown");
        } else {
            site.put("id", t.site().idText());
            site.put("frame", t.site().frame());
            site.put("kind", t.site().kind().label());
        }
        m.put("site", site);
        return m;
    }
}
