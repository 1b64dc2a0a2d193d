package io.threadstorm.proof;

import io.threadstorm.classify.Cause;
import io.threadstorm.classify.Classifier;
import io.threadstorm.classify.SiteFacts;
import io.threadstorm.classify.SystemThreads;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.report.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the proof's verdicts into a report (trigger {@code proof}): the threads grouped by creation site when a report
 * or snapshot of the same JVM says which thread came from where (matched by thread id, then by identical stacks),
 * else by stack; every group carries a {@code proof}.
 */
public final class ProofReport {

    public static final String TRIGGER = "proof";
    private static final int EXAMPLES = 3;

    private ProofReport() {
    }

    /**
     * @param result  the proof
     * @param base    a report of the same JVM whose suspects get the proof, or {@code null}
     * @param siteOf  thread id to creation site (from a snapshot), or an empty map
     */
    public static Report build(HeapProof.Result result, Report base, Map<Long, Report.Site> siteOf) {
        Map<String, List<HeapProof.Verdict>> byStack = new LinkedHashMap<>();
        int filtered = 0;
        int virtual = 0;
        for (HeapProof.Verdict v : result.verdicts()) {
            virtual += v.thread().virtual() ? 1 : 0;
            if (v.name().startsWith("threadstorm-") || SystemThreads.isSystem(v.name(), v.stack())) {
                filtered++;
                continue;
            }
            if (v.judged()) {
                byStack.computeIfAbsent(stackKey(v.stack()), k -> new ArrayList<>()).add(v);
            }
        }
        List<Report.Suspect> suspects = new ArrayList<>();
        if (base != null) {
            for (Report.Suspect s : base.suspects()) {
                List<HeapProof.Verdict> mine = new ArrayList<>();
                for (var it = byStack.values().iterator(); it.hasNext(); ) {
                    List<HeapProof.Verdict> group = it.next();
                    if (group.stream().anyMatch(v -> s.examples().stream().anyMatch(e -> e.id() == v.id()))) {
                        mine.addAll(group);
                        it.remove();
                    }
                }
                suspects.add(s.withProof(proof(mine, "no thread of this site waits in the heap dump")));
            }
        }
        Map<String, List<HeapProof.Verdict>> groups = new LinkedHashMap<>();
        Map<String, Report.Site> sites = new HashMap<>();
        for (List<HeapProof.Verdict> group : byStack.values()) {
            for (HeapProof.Verdict v : group) {
                Report.Site site = siteOf.get(v.id());
                String key = site != null ? "site:" + site.id() : "stack:" + stackKey(v.stack());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                if (site != null) {
                    sites.putIfAbsent(key, site);
                }
            }
        }
        List<Report.Suspect> found = new ArrayList<>();
        for (Map.Entry<String, List<HeapProof.Verdict>> g : groups.entrySet()) {
            Report.Proof proof = proof(g.getValue(), null);
            if (base != null && !proof.proven()) {
                continue; // the base report's suspects are listed already; add only what the heap proves besides
            }
            found.add(suspect(g.getValue(), sites.get(g.getKey()), proof));
        }
        found.sort(Comparator.comparing((Report.Suspect s) -> !s.proof().proven())
                .thenComparing(s -> -s.proof().provenThreads()).thenComparing(s -> -s.live()));
        suspects.addAll(found);
        List<Report.Suspect> ranked = new ArrayList<>();
        for (int i = 0; i < suspects.size(); i++) {
            Report.Suspect s = suspects.get(i);
            ranked.add(new Report.Suspect(i + 1, s.site(), s.live(), s.started(), s.ended(), s.growthPerMinute(),
                    s.states(), s.blockedRatio(), s.ageSeconds(), s.cause(), s.examples(), s.proof()));
        }
        Report.Jvm jvm = base != null ? base.jvm() : new Report.Jvm(-1, result.javaVersion(), -1);
        return new Report(Report.SCHEMA, TRIGGER, Instant.now().toString(), jvm,
                new Report.Summary(result.verdicts().size(), virtual, base != null ? base.summary().baseline() : 0, filtered,
                        verdict(ranked)), ranked, null);
    }

    static Report.Proof proof(List<HeapProof.Verdict> verdicts, String whenNone) {
        if (verdicts.isEmpty()) {
            return new Report.Proof(false, 0, 0, null, whenNone, List.of());
        }
        int proven = 0;
        HeapProof.Verdict firstProven = null;
        HeapProof.Verdict firstOther = null;
        for (HeapProof.Verdict v : verdicts) {
            if (v.proven()) {
                proven++;
                firstProven = firstProven == null ? v : firstProven;
            } else if (firstOther == null || firstOther.path().isEmpty() && !v.path().isEmpty()) {
                firstOther = v;
            }
        }
        HeapProof.Verdict shown = firstProven != null ? firstProven : firstOther;
        Report.Waker waker = shown.wakerClass() == null ? null : new Report.Waker(shown.wakerClass(), shown.wakerId());
        String reason = firstOther == null ? null : firstOther.reason();
        List<String> path = firstOther == null ? List.of() : firstOther.path();
        return new Report.Proof(proven > 0, verdicts.size(), proven, waker, reason, path);
    }

    private static Report.Suspect suspect(List<HeapProof.Verdict> group, Report.Site known, Report.Proof proof) {
        HeapProof.Verdict first = group.get(0);
        String frame = first.stack().stream().filter(f -> !jdk(f.getClassName())).findFirst()
                .or(() -> first.stack().stream().findFirst()).map(StackTraceElement::toString).orElse("unknown");
        Report.Site site = known != null ? known : new Report.Site(String.format("%016x",
                mix(stackKey(first.stack()).hashCode())), "dump", frame, List.of());
        List<ThreadSample> samples = new ArrayList<>();
        Map<String, Integer> states = new TreeMap<>();
        List<Report.ExampleThread> examples = new ArrayList<>();
        for (HeapProof.Verdict v : group) {
            Thread.State state = v.thread().waits() == HeapThread.Wait.TIMED ? Thread.State.TIMED_WAITING
                    : Thread.State.WAITING;
            states.merge(state.name(), 1, Integer::sum);
            samples.add(new ThreadSample(v.id(), v.name(), state, false, v.thread().virtual(), -1, v.stack(), null, -1,
                    null, -1, true));
            if (examples.size() < EXAMPLES) {
                examples.add(new Report.ExampleThread(v.id(), v.name(), state.name(), -1,
                        v.stack().stream().limit(24).map(StackTraceElement::toString).toList()));
            }
        }
        Cause cause = new Classifier().classify(SiteFacts.unknown(site.kind(), site.frame(), group.size()), samples);
        return new Report.Suspect(0, site, group.size(), 0, 0, 0, states, 1.0, new Report.Ages(-1, -1), cause,
                examples, proof);
    }

    private static String verdict(List<Report.Suspect> ranked) {
        int proven = 0;
        Report.Suspect top = null;
        for (Report.Suspect s : ranked) {
            if (s.proof() != null && s.proof().proven()) {
                proven += s.proof().provenThreads();
                top = top == null ? s : top;
            }
        }
        if (top == null) {
            return "The heap dump proves no thread leaked: every waiting thread can still be woken or waits with a"
                    + " deadline.";
        }
        Report.Waker w = top.proof().waker();
        String fix = top.cause() != null ? top.cause().fix()
                : "make sure what they wait on is released on every path, or wait with a timeout";
        return String.format(Locale.ROOT, "%d thread%s proven leaked: %d like %s wait%s on %s that nothing live can"
                        + " reach; fix: %s", proven, proven == 1 ? "" : "s", top.proof().provenThreads(),
                top.site().frame(), top.proof().provenThreads() == 1 ? "s" : "",
                w == null ? "an object" : w.className(), fix);
    }

    /** Where the group waits in application code: its topmost frame outside the JDK. */
    private static boolean jdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("com.sun.");
    }

    private static String stackKey(List<StackTraceElement> stack) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : stack) {
            b.append(e).append('\n');
        }
        return b.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
