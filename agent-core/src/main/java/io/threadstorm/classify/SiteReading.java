package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The examples of one site after the vote: the winning cause, the threads that show it, and what they share (the
 * frames, the waits, the pools their names belong to, the objects and lock owners they wait on). Cause units read
 * a site only through it.
 *
 * @param category  the cause most examples show ({@code null}: most are running)
 * @param agreeing  the examples that show it
 * @param all       every example
 * @param facts     what the agent knows about the site
 */
record SiteReading(Category category, List<WaitReading> agreeing, List<WaitReading> all, SiteFacts facts) {

    /** {@code pool-12-thread-3}, {@code ForkJoinPool-4-worker-1}: default worker names carry the pool's number. */
    private static final Pattern POOL_NAME = Pattern.compile("^(.*?)-(\\d+)-(?:thread|worker)-\\d+$");

    /**
     * The cause most examples show; ties go to the cause first in {@link Causes#PRIORITY}. Threads that will end by themselves (idle workers of a JDK pool waiting out
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
            if (n > bestCount || n == bestCount && Causes.PREFERENCE.compare(e.getKey(), best) < 0) {
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

    /** True when every agreeing thread waits with a timeout ({@code poll(timeout)}, {@code awaitNanos}). */
    boolean allTimed() {
        return !agreeing.isEmpty() && agreeing.stream().allMatch(w -> w.sample().state() == Thread.State.TIMED_WAITING);
    }

    boolean anyRunnable() {
        return agreeing.stream().anyMatch(w -> w.sample().state() == Thread.State.RUNNABLE);
    }

    /** The agreeing threads' average CPU share since the previous sample, over those whose CPU is known. */
    double avgCpu() {
        double sum = 0;
        int n = 0;
        for (WaitReading w : agreeing) {
            if (w.sample().cpuShare() >= 0) {
                sum += w.sample().cpuShare();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The distinct pools ({@code pool-12}) the agreeing threads' default worker names belong to. */
    Set<String> poolsNamed() {
        Set<String> pools = new LinkedHashSet<>();
        for (WaitReading w : agreeing) {
            Matcher m = w.sample().name() == null ? null : POOL_NAME.matcher(w.sample().name());
            if (m != null && m.matches()) {
                pools.add(m.group(1) + "-" + m.group(2));
            }
        }
        return pools;
    }

    /** The objects the agreeing threads wait on, one per thread that names one, in order. */
    List<String> waitedObjects() {
        List<String> locks = new ArrayList<>();
        for (WaitReading w : agreeing) {
            if (w.sample().lock() != null) {
                locks.add(w.sample().lock());
            }
        }
        return locks;
    }

    /** The object most agreeing threads wait on, or {@code null}. */
    String mostWaitedObject() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        waitedObjects().forEach(l -> counts.merge(l, 1, Integer::sum));
        List<String> keys = byCount(counts);
        return keys.isEmpty() ? null : keys.get(0);
    }

    /** The threads that hold what the agreeing threads wait for, by name, most waited for first. */
    Map<String, Integer> owners() {
        Map<String, Integer> owners = new LinkedHashMap<>();
        for (WaitReading w : agreeing) {
            if (w.sample().lockOwnerName() != null) {
                owners.merge(w.sample().lockOwnerName(), 1, Integer::sum);
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String k : byCount(owners)) {
            out.put(k, owners.get(k));
        }
        return out;
    }

    /** The name of the thread most agreeing examples wait for, or {@code null}. */
    String ownerName() {
        Map<String, Integer> owners = owners();
        return owners.isEmpty() ? null : owners.keySet().iterator().next();
    }

    /** " (id 12)" for the owner of that name, or nothing when no id is known. */
    String ownerId(String name) {
        for (WaitReading w : agreeing) {
            if (name.equals(w.sample().lockOwnerName()) && w.sample().lockOwnerId() >= 0) {
                return " (id " + w.sample().lockOwnerId() + ")";
            }
        }
        return "";
    }

    /** True when the agreeing threads wait in a socket call that has a timeout ({@code NioSocketImpl.timedRead}). */
    boolean timedSocketWait() {
        return !agreeing.isEmpty() && agreeing.stream().allMatch(w -> w.sample().stack().stream()
                .anyMatch(e -> e.getClassName().equals("sun.nio.ch.NioSocketImpl")
                        && e.getMethodName().startsWith("timed")));
    }

    /** The first of {@code frames} that is known (neither null nor empty), or {@code null}. */
    static String firstKnown(String... frames) {
        for (String f : frames) {
            if (f != null && !f.isEmpty()) {
                return f;
            }
        }
        return null;
    }

    /** Keys by count, most frequent first. */
    private static List<String> byCount(Map<String, Integer> counts) {
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        return keys;
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
