package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The examples of one site after the vote: the winning cause, the threads that show it, and the frames most of
 * them share.
 *
 * @param category  the cause most examples show ({@code null}: most are running)
 * @param agreeing  the examples that show it
 * @param all       every example
 * @param facts     what the agent knows about the site
 */
record SiteReading(Category category, List<WaitReading> agreeing, List<WaitReading> all, SiteFacts facts) {

    /** Ties go to the more telling cause: specific causes before a bare wait, any wait before running. */
    private static final Comparator<Category> PREFERENCE = Comparator.nullsLast(
            Comparator.comparingInt((Category c) -> c == Category.WAITING || c == Category.UNKNOWN ? 1 : 0)
                    .thenComparingInt(Enum::ordinal));

    /**
     * The cause most examples show. Threads that will end by themselves (idle workers of a JDK pool waiting out
     * their keep-alive) do not vote while others would stay for good: a site is judged by the threads that never
     * end, whose fix frees them, not by the transient half.
     */
    static SiteReading vote(List<WaitReading> readings, SiteFacts facts) {
        List<WaitReading> lasting = readings.stream().filter(r -> !r.endsByItself()).toList();
        List<WaitReading> voters = lasting.stream().anyMatch(r -> r.category() != null) ? lasting : readings;
        Map<Category, List<WaitReading>> by = new LinkedHashMap<>();
        for (WaitReading r : voters) {
            by.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r);
        }
        Category best = null;
        int bestCount = -1;
        for (Map.Entry<Category, List<WaitReading>> e : by.entrySet()) {
            int n = e.getValue().size();
            if (n > bestCount || n == bestCount && PREFERENCE.compare(e.getKey(), best) < 0) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return new SiteReading(best, by.getOrDefault(best, List.of()), voters, facts);
    }

    /** The same reading under another cause: the agreeing threads now show {@code other}. */
    SiteReading as(Category other) {
        List<WaitReading> now = new ArrayList<>(agreeing.size());
        List<WaitReading> every = new ArrayList<>(all.size());
        for (WaitReading w : all) {
            WaitReading moved = agreeing.contains(w) ? w.as(other) : w;
            every.add(moved);
            if (moved != w) {
                now.add(moved);
            }
        }
        return new SiteReading(other, now, every, facts);
    }

    /** True when a library call made at the site started the threads ({@link SiteFacts#libraryCall()}). */
    boolean byLibraryCall() {
        return facts.libraryCall() != null && facts.frame() != null;
    }

    int agree() {
        return agreeing.size();
    }

    double share() {
        return all.isEmpty() ? 0 : (double) agreeing.size() / all.size();
    }

    /** The frame most agreeing examples wait at. */
    StackTraceElement waitingAt() {
        return mostCommon(WaitReading::waitingAt);
    }

    /** The wait most agreeing examples are in ({@code LinkedBlockingQueue.take}). */
    String label() {
        String l = mostCommonText(WaitReading::label);
        return l == null ? "an unknown wait" : l;
    }

    /** The frame that decided the cause for most agreeing examples. */
    StackTraceElement matched() {
        return mostCommon(WaitReading::matched);
    }

    /** True when the threads are {@code java.util.Timer} threads (not scheduled-pool workers). */
    boolean javaUtilTimer() {
        StackTraceElement m = matched();
        return m != null && m.getClassName().equals("java.util.TimerThread");
    }

    /** "12 of 12 example threads wait", "1 of 3 example threads waits": {@code verb} in its plural form. */
    String counted(String verb) {
        return counted(verb, verb.equals("are") ? "is" : verb + "s");
    }

    /** "12 of 12 example threads are idle workers", "1 of 1 example thread is an idle worker". */
    String counted(String plural, String singular) {
        return agree() + " of " + all.size() + " example thread" + (all.size() == 1 ? "" : "s") + " "
                + (agree() == 1 ? singular : plural);
    }

    private StackTraceElement mostCommon(Function<WaitReading, StackTraceElement> f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, StackTraceElement> frames = new LinkedHashMap<>();
        for (WaitReading r : agreeing) {
            StackTraceElement e = f.apply(r);
            if (e != null) {
                String key = JdkFrames.text(e);
                counts.merge(key, 1, Integer::sum);
                frames.putIfAbsent(key, e);
            }
        }
        String top = top(counts);
        return top == null ? null : frames.get(top);
    }

    private String mostCommonText(Function<WaitReading, String> f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (WaitReading r : agreeing) {
            String s = f.apply(r);
            if (s != null) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        return top(counts);
    }

    private static String top(Map<String, Integer> counts) {
        String best = null;
        int n = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > n) {
                best = e.getKey();
                n = e.getValue();
            }
        }
        return best;
    }
}
