package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The sentences a verdict gives: its cause's own ({@link CauseUnit#evidence}), then what every cause shares: the
 * objects waited on, the examples that disagree, and their age. Concrete counts and frames a person can check.
 */
final class Evidence {

    static final int MAX = 4;

    private Evidence() {
    }

    static List<String> write(SiteReading r, CauseUnit unit) {
        List<String> out = new ArrayList<>();
        unit.evidence(r, out);
        if (r.category() != null && unit.namesWaitedObjects()) {
            addIfPresent(out, objects(r));
        }
        addIfPresent(out, dissent(r));
        addIfPresent(out, age(r));
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }

    private static String objects(SiteReading r) {
        List<String> locks = r.waitedObjects();
        if (locks.isEmpty()) {
            return null;
        }
        Set<String> distinct = new LinkedHashSet<>(locks);
        String example = distinct.iterator().next();
        if (locks.size() == 1) {
            return "It waits on " + example + ".";
        }
        if (distinct.size() == 1) {
            return "All of them wait on the same object, " + example + ".";
        }
        if (distinct.size() == locks.size()) {
            return "Each waits on a different object (" + distinct.size() + " distinct, e.g. " + example + ").";
        }
        return "They wait on " + distinct.size() + " distinct objects, e.g. " + example + ".";
    }

    private static String dissent(SiteReading r) {
        int others = r.all().size() - r.agree();
        if (others == 0) {
            return null;
        }
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (WaitReading w : r.all()) {
            if (w.category() != r.category()) {
                kinds.merge(w.category() == null ? "running" : w.category().name(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((k, n) -> parts.add(n + " " + k));
        return "The other " + others + " example" + (others == 1 ? "" : "s") + ": " + String.join(", ", parts) + ".";
    }

    private static String age(SiteReading r) {
        double max = -1;
        double sum = 0;
        int n = 0;
        for (WaitReading w : r.all()) {
            double a = w.sample().ageSeconds();
            if (a >= 0) {
                max = Math.max(max, a);
                sum += a;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int sized = r.facts().live();
        String live = sized > 0 ? "; the site has " + sized + " live thread" + (sized == 1 ? "" : "s") : "";
        return String.format(Locale.ROOT, "The oldest example has been alive %d s (average %d s)%s.",
                Math.round(max), Math.round(sum / n), live);
    }

    private static void addIfPresent(List<String> out, String sentence) {
        if (sentence != null) {
            out.add(sentence);
        }
    }
}
