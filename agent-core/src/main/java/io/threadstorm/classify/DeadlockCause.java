package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Threads waiting on each other's locks. No frame shows it: the JVM finds the cycle, and the classifier reads a site
 * in one before any vote ({@link #of}): every thread of each cycle, what it holds and wants.
 */
final class DeadlockCause extends CauseUnit {

    @Override
    Category category() {
        return Category.DEADLOCK;
    }

    /** The JVM found the cycle: it never resolves by itself. */
    @Override
    double strength(SiteReading r) {
        return 1.0;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.addAll(of(r.facts(), r.all().stream().map(WaitReading::sample).toList()).evidence());
    }

    @Override
    String genericFix() {
        return "Take the locks in one global order (or use tryLock with a timeout), so no thread holds one lock while"
                + " it waits for another.";
    }

    static Cause of(SiteFacts facts, List<ThreadSample> examples) {
        Map<Long, ThreadSample> byId = new HashMap<>();
        for (ThreadSample s : examples) {
            byId.put(s.id(), s);
        }
        Map<Long, String> names = new HashMap<>();
        for (DeadlockCycle c : facts.deadlocks()) {
            for (DeadlockCycle.Member m : c.threads()) {
                names.put(m.id(), m.name());
            }
        }
        List<String> evidence = new ArrayList<>();
        Set<String> frames = new LinkedHashSet<>();
        String waitingAt = null;
        for (DeadlockCycle c : facts.deadlocks()) {
            List<String> who = new ArrayList<>();
            for (DeadlockCycle.Member m : c.threads()) {
                who.add("\"" + m.name() + "\" (id " + m.id() + ")");
            }
            evidence.add("Deadlock: " + c.threads().size() + " threads wait on each other: " + String.join(", ", who)
                    + ".");
            for (DeadlockCycle.Member m : c.threads()) {
                String at = frameOf(byId.get(m.id()));
                if (at != null) {
                    frames.add(at);
                    if (waitingAt == null) {
                        waitingAt = at;
                    }
                }
                String owner = names.getOrDefault(m.ownerId(), "thread id " + m.ownerId());
                evidence.add("\"" + m.name() + "\" holds " + (m.holds().isEmpty() ? "no lock the JVM reports"
                        : String.join(", ", m.holds())) + " and wants " + m.wants() + ", held by \"" + owner + "\""
                        + (at == null ? "" : ", at " + at) + ".");
            }
        }
        if (waitingAt == null && !examples.isEmpty()) {
            waitingAt = frameOf(examples.get(0));
        }
        List<String> shown = evidence.size() > Evidence.MAX ? evidence.subList(0, Evidence.MAX) : evidence;
        String where = frames.isEmpty() ? (waitingAt == null ? "" : " at " + waitingAt)
                : " at " + String.join(" and ", new ArrayList<>(frames).subList(0, Math.min(2, frames.size())));
        String fix = "Take the locks" + where + " in one global order (or use tryLock with a timeout), so no thread"
                + " holds one lock while it waits for another.";
        return new Cause(Category.DEADLOCK, 1.0, waitingAt, shown, fix);
    }

    private static String frameOf(ThreadSample s) {
        return s == null ? null : JdkFrames.text(WaitReading.of(s).waitingAt());
    }
}
