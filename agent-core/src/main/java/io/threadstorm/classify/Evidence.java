package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sentences a cause gives as evidence: concrete counts and frames a person can check in the stacks. */
final class Evidence {

    static final int MAX = 4;

    /** {@code pool-12-thread-3}, {@code ForkJoinPool-4-worker-1}: default worker names carry the pool's number. */
    private static final Pattern POOL_NAME = Pattern.compile("^(.*?)-(\\d+)-(?:thread|worker)-\\d+$");

    private Evidence() {
    }

    static List<String> write(SiteReading r) {
        List<String> out = new ArrayList<>();
        Category c = r.category();
        String at = JdkFrames.text(r.waitingAt());
        if (c == null) {
            out.add(r.counted("are") + " RUNNABLE and not stuck: " + running(r) + ".");
        } else {
            switch (c) {
                case POOL_NEVER_SHUTDOWN -> pool(r, out);
                case TIMER_NEVER_CANCELLED -> timer(r, out);
                case FUTURE_NEVER_COMPLETED -> future(r, at, out);
                case LOCK_CONTENTION -> out.add(lock(r, at));
                case BLOCKING_IO -> out.add(r.counted("wait") + " for I/O in " + r.label() + where(at)
                        + (anyRunnable(r) ? " (RUNNABLE in a native wait that uses no CPU)." : "."));
                case BUSY_SPIN -> out.add(r.counted("are") + " RUNNABLE at the same frames as at the previous sample,"
                        + " using " + JdkFrames.percent(avgCpu(r)) + " of a core each on average" + sharing(r)
                        + (at == null ? "" : ", at " + at) + ".");
                case SLEEPING -> out.add(r.counted("sleep") + " in " + r.label() + where(at) + ".");
                case WAITING -> out.add(r.counted("wait") + " in " + r.label() + where(at)
                        + ", with nothing on their stacks saying what for.");
                default -> out.add(r.counted("wait") + " in " + r.label() + where(at) + ".");
            }
            if (c == Category.QUEUE_HANDOFF || c == Category.LATCH_NEVER_RELEASED
                    || c == Category.FUTURE_NEVER_COMPLETED || c == Category.WAITING) {
                addIfPresent(out, objects(r));
            }
        }
        addIfPresent(out, dissent(r));
        addIfPresent(out, age(r));
        return out.size() > MAX ? out.subList(0, MAX) : out;
    }

    /** The name of the thread most agreeing examples wait for, or {@code null}. */
    static String ownerName(SiteReading r) {
        Map<String, Integer> owners = owners(r);
        return owners.isEmpty() ? null : owners.keySet().iterator().next();
    }

    private static void pool(SiteReading r, List<String> out) {
        SiteFacts f = r.facts();
        if (r.byLibraryCall() && f.poolsCreated() == 0) {
            out.add("The threads were started inside " + f.libraryCall() + ", which the application calls at "
                    + f.frame() + ": they belong to what that call built (a pool, scheduler or client of the"
                    + " library).");
            out.add(r.counted("wait", "waits") + " in " + r.label() + " inside the library, running none of the"
                    + " application's code: idle threads of that object, which nobody closed.");
            return;
        }
        String where = f.poolCreationFrame() != null ? f.poolCreationFrame()
                : f.frame() != null ? f.frame() : "this site";
        if (f.poolsCreated() >= 2) {
            out.add(String.format(Locale.ROOT, "%d pools created at %s, %s: the signature of a pool created per call"
                    + " and never shut down.", f.poolsCreated(), where, shutDown(f.poolsShutDown())));
        } else if (f.poolsCreated() == 1) {
            out.add("Only one executor was created at " + where
                    + (f.poolsShutDown() > 0 ? ", and it was shut down" : "")
                    + ": the idle workers of one shared pool are not a leak by themselves.");
        } else {
            Set<String> pools = poolsNamed(r);
            if (pools.size() >= 2) {
                out.add("The example threads belong to " + pools.size() + " different pools (" + first(pools, 4)
                        + "): pools keep being created.");
            }
        }
        out.add(r.counted("are idle pool workers", "is an idle pool worker") + " waiting in " + r.label()
                + ", running no task.");
        if (allTimed(r)) {
            out.add("They wait with a keep-alive timeout (TIMED_WAITING), so idle workers end on their own after it;"
                    + " the count stays high only while new pools keep coming.");
        }
    }

    private static void timer(SiteReading r, List<String> out) {
        SiteFacts f = r.facts();
        String where = f.frame() != null ? f.frame() : "this site";
        if (r.javaUtilTimer()) {
            out.add(r.counted("are java.util.Timer threads", "is a java.util.Timer thread")
                    + " waiting in TimerThread.mainLoop for the next task ("
                    + (allTimed(r) ? "one is scheduled" : "none is scheduled") + ").");
            if (f.timersCreated() > 0) {
                out.add(String.format(Locale.ROOT, "%d Timer%s created at %s, %s.", f.timersCreated(),
                        f.timersCreated() == 1 ? "" : "s", where, cancelled(f.timersCancelled())));
            }
        } else {
            out.add(r.counted("are ScheduledThreadPoolExecutor workers", "is a ScheduledThreadPoolExecutor worker")
                    + " waiting in DelayedWorkQueue.take for a"
                    + " task that is due later.");
            if (f.poolsCreated() > 0) {
                String pools = f.poolCreationFrame() != null ? f.poolCreationFrame() : where;
                out.add(String.format(Locale.ROOT, "%d scheduled executor%s created at %s, %s.", f.poolsCreated(),
                        f.poolsCreated() == 1 ? "" : "s", pools, shutDown(f.poolsShutDown())));
            }
        }
    }

    private static void future(SiteReading r, String at, List<String> out) {
        SiteFacts f = r.facts();
        out.add(r.counted("wait") + " in " + r.label() + where(at) + ".");
        if (f.futureCreationFrame() != null) {
            out.add("The futures they wait for were created at " + f.futureCreationFrame()
                    + (f.futuresPending() > 0 ? "; " + f.futuresPending() + " created there "
                    + (f.futuresPending() == 1 ? "is" : "are") + " still not completed." : "."));
        } else {
            out.add("Where the awaited futures were created is not known: the agent samples future creation, and"
                    + " the sample may have missed these.");
        }
    }

    private static String lock(SiteReading r, String at) {
        Map<String, Integer> locks = new LinkedHashMap<>();
        for (WaitReading w : r.agreeing()) {
            if (w.sample().lock() != null) {
                locks.merge(w.sample().lock(), 1, Integer::sum);
            }
        }
        String lock = locks.isEmpty() ? "a lock" : sorted(locks).get(0);
        Map<String, Integer> owners = owners(r);
        String held;
        if (owners.isEmpty()) {
            held = "whose owner the sample does not name";
        } else if (owners.size() == 1) {
            String name = owners.keySet().iterator().next();
            held = "held by \"" + name + "\"" + ownerId(r, name);
        } else {
            held = "held by " + owners.size() + " different threads (\"" + String.join("\", \"",
                    sorted(owners).subList(0, Math.min(3, owners.size()))) + "\")";
        }
        boolean parked = r.agreeing().stream().anyMatch(w -> w.sample().state() != Thread.State.BLOCKED);
        return r.counted("are") + " " + (parked ? "waiting for " : "BLOCKED on ") + lock + " " + held
                + (at == null ? "" : ", at " + at) + ".";
    }

    private static String objects(SiteReading r) {
        List<String> locks = new ArrayList<>();
        for (WaitReading w : r.agreeing()) {
            if (w.sample().lock() != null) {
                locks.add(w.sample().lock());
            }
        }
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

    /** " (about 12 runnable threads share 2 cores)" when the site's threads compete for the CPU. */
    private static String sharing(SiteReading r) {
        int cores = Runtime.getRuntime().availableProcessors();
        int competing = Classifier.competingRunnable(r.facts(), r.all().stream().map(WaitReading::sample).toList());
        return competing > cores ? " (about " + competing + " runnable threads share " + cores + " cores)" : "";
    }

    private static String running(SiteReading r) {
        int changing = 0;
        int known = 0;
        double cpu = 0;
        for (WaitReading w : r.agreeing()) {
            if (!w.sample().stackUnchanged()) {
                changing++;
            }
            if (w.sample().cpuShare() >= 0) {
                known++;
                cpu += w.sample().cpuShare();
            }
        }
        String out = changing + " changed frames since the previous sample";
        if (known > 0) {
            out += ", and they used " + JdkFrames.percent(cpu / known) + " of a core on average";
        }
        StackTraceElement at = r.waitingAt();
        return out + (at == null ? "" : ", at " + JdkFrames.text(at));
    }

    private static Map<String, Integer> owners(SiteReading r) {
        Map<String, Integer> owners = new LinkedHashMap<>();
        for (WaitReading w : r.agreeing()) {
            if (w.sample().lockOwnerName() != null) {
                owners.merge(w.sample().lockOwnerName(), 1, Integer::sum);
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String k : sorted(owners)) {
            out.put(k, owners.get(k));
        }
        return out;
    }

    private static String ownerId(SiteReading r, String name) {
        for (WaitReading w : r.agreeing()) {
            if (name.equals(w.sample().lockOwnerName()) && w.sample().lockOwnerId() >= 0) {
                return " (id " + w.sample().lockOwnerId() + ")";
            }
        }
        return "";
    }

    /** Keys by count, most frequent first. */
    private static List<String> sorted(Map<String, Integer> counts) {
        List<String> keys = new ArrayList<>(counts.keySet());
        keys.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a)));
        return keys;
    }

    private static Set<String> poolsNamed(SiteReading r) {
        Set<String> pools = new LinkedHashSet<>();
        for (WaitReading w : r.agreeing()) {
            Matcher m = w.sample().name() == null ? null : POOL_NAME.matcher(w.sample().name());
            if (m != null && m.matches()) {
                pools.add(m.group(1) + "-" + m.group(2));
            }
        }
        return pools;
    }

    static boolean allTimed(SiteReading r) {
        return !r.agreeing().isEmpty()
                && r.agreeing().stream().allMatch(w -> w.sample().state() == Thread.State.TIMED_WAITING);
    }

    private static boolean anyRunnable(SiteReading r) {
        return r.agreeing().stream().anyMatch(w -> w.sample().state() == Thread.State.RUNNABLE);
    }

    static double avgCpu(SiteReading r) {
        double sum = 0;
        int n = 0;
        for (WaitReading w : r.agreeing()) {
            if (w.sample().cpuShare() >= 0) {
                sum += w.sample().cpuShare();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** How many distinct pool numbers the agreeing examples' names carry. */
    static int poolsByName(SiteReading r) {
        return poolsNamed(r).size();
    }

    private static String shutDown(int n) {
        return n == 0 ? "none shut down" : n + " shut down";
    }

    private static String cancelled(int n) {
        return n == 0 ? "none cancelled" : n + " cancelled";
    }

    private static String first(Set<String> items, int n) {
        return String.join(", ", items.stream().limit(n).toList()) + (items.size() > n ? ", ..." : "");
    }

    /** " at Foo.bar(Foo.java:12)", or nothing when no frame is known (an empty stack). */
    private static String where(String at) {
        return at == null ? "" : " at " + at;
    }

    private static void addIfPresent(List<String> out, String sentence) {
        if (sentence != null) {
            out.add(sentence);
        }
    }
}
