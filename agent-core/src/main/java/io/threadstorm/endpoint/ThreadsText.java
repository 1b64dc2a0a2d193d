package io.threadstorm.endpoint;

import io.threadstorm.record.Site;
import io.threadstorm.record.ThreadListing;
import io.threadstorm.record.TrackedThread;
import io.threadstorm.record.Tracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java face of Go's {@code goroutine?debug=2}: a jstack-like text of every live thread, virtual threads
 * included, each followed by where and by whom it was created; or, grouped by creation site, the largest group
 * first with one example stack each. Built on request (it reads every thread), never on a scrape.
 */
public final class ThreadsText {

    static final String UNKNOWN = "unknown (started before the agent)";

    private ThreadsText() {
    }

    /** Every thread with its stack and creation. */
    public static String all(Tracker tracker) {
        List<ThreadListing.Listed> threads = ThreadListing.all(tracker);
        Map<Long, String> names = names(threads);
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder(threads.size() * 512);
        out.append(threads.size()).append(" live threads\n\n");
        for (ThreadListing.Listed t : threads) {
            header(out, t);
            stack(out, t.stack());
            creation(out, t, names, now);
            out.append('\n');
        }
        return out.toString();
    }

    /** Threads grouped by creation site, the largest group first, with one example stack per group. */
    public static String bySite(Tracker tracker) {
        List<ThreadListing.Listed> threads = ThreadListing.all(tracker);
        Map<String, List<ThreadListing.Listed>> groups = new LinkedHashMap<>();
        for (ThreadListing.Listed t : threads) {
            groups.computeIfAbsent(t.tracked() == null ? "" : t.tracked().site().idText(), k -> new ArrayList<>())
                    .add(t);
        }
        List<List<ThreadListing.Listed>> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> Integer.compare(b.size(), a.size()));
        Map<Long, String> names = names(threads);
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder(sorted.size() * 1024);
        out.append(threads.size()).append(" live threads in ").append(sorted.size()).append(" groups by creation site\n\n");
        for (List<ThreadListing.Listed> group : sorted) {
            ThreadListing.Listed first = group.get(0);
            Map<String, Integer> states = new TreeMap<>();
            group.forEach(t -> states.merge(t.state().name(), 1, Integer::sum));
            out.append(group.size()).append(group.size() == 1 ? " thread" : " threads").append(" created at ");
            if (first.tracked() == null) {
                out.append(UNKNOWN);
            } else {
                Site site = first.tracked().site();
                out.append(site.frame()).append(" (site ").append(site.idText()).append(", ")
                        .append(site.kind().label()).append(')');
            }
            out.append("; states");
            states.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
            out.append("\nexample:\n");
            header(out, first);
            stack(out, first.stack());
            creation(out, first, names, now);
            out.append('\n');
        }
        return out.toString();
    }

    private static Map<Long, String> names(List<ThreadListing.Listed> threads) {
        Map<Long, String> names = new HashMap<>();
        threads.forEach(t -> names.put(t.id(), t.name()));
        return names;
    }

    private static void header(StringBuilder out, ThreadListing.Listed t) {
        out.append('"').append(clean(t.name())).append("\" #").append(t.id());
        if (t.virtual()) {
            out.append(" virtual");
        }
        if (t.daemon()) {
            out.append(" daemon");
        }
        out.append("\n   java.lang.Thread.State: ").append(t.state()).append('\n');
    }

    private static void stack(StringBuilder out, StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            out.append("\tat ").append(e).append('\n');
        }
    }

    private static void creation(StringBuilder out, ThreadListing.Listed t, Map<Long, String> names, long now) {
        TrackedThread tracked = t.tracked();
        if (tracked == null) {
            out.append("\tcreated at ").append(UNKNOWN).append('\n');
            return;
        }
        Site site = tracked.site();
        out.append("\tcreated at ").append(site.frame());
        long parent = tracked.parentId();
        if (parent == TrackedThread.UNKNOWN) {
            out.append(" by an unknown thread");
        } else if (names.containsKey(parent)) {
            out.append(" by \"").append(clean(names.get(parent))).append("\" (id ").append(parent).append(')');
        } else {
            out.append(" by a thread that has ended (id ").append(parent).append(')');
        }
        out.append(", ").append(age(now - tracked.startMillis())).append(" ago\n");
        out.append("\tsite ").append(site.idText()).append(" (").append(site.kind().label()).append(")\n");
    }

    static String age(long millis) {
        double s = Math.max(0, millis) / 1000.0;
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        long m = (long) s / 60;
        return m < 120 ? m + "m" + (long) s % 60 + "s" : m / 60 + "h" + m % 60 + "m";
    }

    /** A name on one line: control characters (a newline in a thread name) become '?'. */
    static String clean(String name) {
        StringBuilder b = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '"') {
                if (b == null) {
                    b = new StringBuilder(name);
                }
                b.setCharAt(i, c == '"' ? '\'' : '?');
            }
        }
        return b == null ? name : b.toString();
    }
}
