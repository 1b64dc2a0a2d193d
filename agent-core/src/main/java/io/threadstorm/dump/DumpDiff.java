package io.threadstorm.dump;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups the threads of one dump, or of two dumps of the same process, by where they were started, and tells which
 * groups grew: the dump-only face of the agent's creation sites.
 *
 * <h2>How threads are grouped</h2>
 * A dump does not record where a thread was created, so the group key joins the two things a dump shows that the
 * creation site decides:
 * <ol>
 *   <li><b>the name pattern</b>: the name with digit runs (and long hex ids) replaced by {@code #}, so
 *       {@code pool-12-thread-3} and {@code pool-40-thread-1} are both {@code pool-#-thread-#} and {@code Timer-7} is
 *       {@code Timer-#}. Names are chosen where threads are made (a thread factory, a {@code new Thread(r, "…")}),
 *       so the pattern separates pools and timers that run the same JDK code;</li>
 *   <li><b>the entry frame</b>: the bottom-most frame above the thread plumbing ({@code Thread.run},
 *       {@code VirtualThread.run}, lambda frames), by class and method only: the code the thread was started to run,
 *       e.g. {@code com.acme.ReportDao.lambda$runReport$0} or {@code ThreadPoolExecutor$Worker.run}.</li>
 * </ol>
 * Why the bottom of the stack and not the top: the top is where a thread happens to be now and differs between
 * threads of the same origin (one parked in a queue, one sleeping, one in a socket read, at other lines of the same
 * method), while the bottom is fixed when the thread starts. Why one frame and no line number: the frames above it
 * and the line within it move as the thread works; the entry method does not. The price: threads started at two
 * places with the same name pattern and the same {@code Runnable} share a group, as they would share a fix.
 * Idle workers of pools created per call all land in {@code pool-#-thread-# @ …ThreadPoolExecutor$Worker.run},
 * which is exactly the group that grows in that leak.
 *
 * <h2>Two dumps</h2>
 * Each group counts its threads in the earlier and the later dump and how many of the later ones were already
 * there (same id and name): threads that survived, which is what leaked threads do. Groups are listed most grown
 * first, then largest.
 */
public final class DumpDiff {

    /** Threads shown per group. */
    private static final int EXAMPLES = 3;

    /**
     * One group of threads.
     *
     * @param key         {@code <name pattern> @ <entry class>.<method>}
     * @param namePattern the name pattern, {@code <unnamed>} for unnamed (virtual) threads
     * @param frame       a frame that names the group for a person ({@code StackTraceElement.toString()}): the
     *                    bottom-most frame outside the JDK, else the entry frame; {@code null} for empty stacks
     * @param virtual     its threads are virtual threads
     * @param before      threads in the earlier dump, -1 when there is only one dump
     * @param after       threads in the (later) dump
     * @param survived    threads of the later dump that the earlier one already had, -1 when there is only one dump
     * @param states      thread states in the (later) dump, most frequent first; {@code UNKNOWN} when a dump does
     *                    not say
     * @param examples    a few threads of the (later) dump, lowest id (oldest) first
     */
    public record Group(String key, String namePattern, String frame, boolean virtual, int before, int after,
                        int survived, Map<String, Integer> states, List<DumpedThread> examples) {

        public Group {
            states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
            examples = List.copyOf(examples);
        }

        /** Threads gained between the dumps (negative when it shrank); 0 when there is only one dump. */
        public int growth() {
            return before < 0 ? 0 : after - before;
        }

        /** Threads of the later dump that the earlier did not have; all of them when there is only one dump. */
        public int started() {
            return survived < 0 ? after : after - survived;
        }

        /** Threads of the earlier dump that the later does not have; 0 when there is only one dump. */
        public int ended() {
            return before < 0 ? 0 : before - survived;
        }
    }

    private final ThreadDump earlier;
    private final ThreadDump later;
    private final List<Group> groups;

    private DumpDiff(ThreadDump earlier, ThreadDump later, List<Group> groups) {
        this.earlier = earlier;
        this.later = later;
        this.groups = List.copyOf(groups);
    }

    /** The groups of a single dump, largest first. */
    public static DumpDiff of(ThreadDump dump) {
        return new DumpDiff(null, dump, group(null, dump));
    }

    /**
     * @param earlier the dump taken first
     * @param later   a dump of the same process taken after it
     */
    public static DumpDiff of(ThreadDump earlier, ThreadDump later) {
        return new DumpDiff(earlier, later, group(earlier, later));
    }

    /** The earlier dump, or {@code null} when there is only one. */
    public ThreadDump earlier() {
        return earlier;
    }

    /** The later (or only) dump. */
    public ThreadDump later() {
        return later;
    }

    /** All groups: most grown first, then largest, then by key. */
    public List<Group> groups() {
        return groups;
    }

    /** The groups that gained threads between the dumps, most grown first; empty for one dump. */
    public List<Group> grown() {
        return groups.stream().filter(g -> g.growth() > 0).toList();
    }

    /**
     * Seconds from the earlier dump to the later one, or -1 when unknown (one dump, a header without time, or
     * formats whose clocks differ: {@code Thread.print} writes local time, {@code Thread.dump_to_file} UTC).
     */
    public double secondsBetween() {
        if (earlier == null || earlier.takenAt() == null || later.takenAt() == null
                || (earlier.format() == DumpFormat.THREAD_PRINT) != (later.format() == DumpFormat.THREAD_PRINT)) {
            return -1;
        }
        return Duration.between(earlier.takenAt(), later.takenAt()).toMillis() / 1000.0;
    }

    /** False when both dumps name their process and the ids differ: a diff across processes means nothing. */
    public boolean sameProcess() {
        return earlier == null || earlier.pid() < 0 || later.pid() < 0 || earlier.pid() == later.pid();
    }

    private static List<Group> group(ThreadDump earlier, ThreadDump later) {
        Map<String, List<DumpedThread>> before = earlier == null ? Map.of() : byKey(earlier.threads());
        Map<String, List<DumpedThread>> after = byKey(later.threads());
        Set<String> earlierThreads = new HashSet<>();
        if (earlier != null) {
            earlier.threads().forEach(t -> earlierThreads.add(identity(t)));
        }
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        List<Group> out = new ArrayList<>();
        for (String key : keys) {
            List<DumpedThread> now = after.getOrDefault(key, List.of());
            List<DumpedThread> then = before.getOrDefault(key, List.of());
            List<DumpedThread> shown = now.isEmpty() ? then : now;
            DumpedThread first = shown.stream().min(Comparator.comparingLong(DumpedThread::id)).orElseThrow();
            StackTraceElement frame = ThreadOrigin.representative(first.stack());
            int survived = (int) now.stream().filter(t -> earlierThreads.contains(identity(t))).count();
            out.add(new Group(key, ThreadOrigin.namePattern(first.name()), frame == null ? null : frame.toString(),
                    shown.stream().allMatch(DumpedThread::virtual), earlier == null ? -1 : then.size(), now.size(),
                    earlier == null ? -1 : survived, states(now),
                    now.stream().sorted(Comparator.comparingLong(DumpedThread::id)).limit(EXAMPLES).toList()));
        }
        out.sort(Comparator.comparingInt(Group::growth).reversed()
                .thenComparing(Comparator.comparingInt(Group::after).reversed())
                .thenComparing(Group::key));
        return out;
    }

    private static Map<String, List<DumpedThread>> byKey(List<DumpedThread> threads) {
        Map<String, List<DumpedThread>> out = new LinkedHashMap<>();
        for (DumpedThread t : threads) {
            out.computeIfAbsent(ThreadOrigin.key(t), k -> new ArrayList<>()).add(t);
        }
        return out;
    }

    /** Thread ids are never reused within a JVM; dumps without ids fall back to the name. */
    private static String identity(DumpedThread t) {
        return t.id() + "/" + t.name();
    }

    private static Map<String, Integer> states(List<DumpedThread> threads) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (DumpedThread t : threads) {
            counts.merge(t.state() == null ? "UNKNOWN" : t.state().name(), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
