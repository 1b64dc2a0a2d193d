package io.threadstorm.dump;

import io.threadstorm.classify.DeadlockCycle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Found one Java-level deadlock:" section of a {@code Thread.print} dump: per cycle, each thread, the monitor
 * or ownable synchronizer it waits for, and the thread that holds it.
 * <pre>
 * "deadlock-1":
 *   waiting to lock monitor 0x00007f6838001460 (object 0x000000069ec1efa8, a java.lang.Object),
 *   which is held by "deadlock-2"
 * </pre>
 * The VM found these cycles itself (monitors and ownable synchronizers alike), so they are taken as written; the
 * threads' stacks and held locks come from the thread list above the section.
 */
final class DeadlockSection {

    private static final Pattern MONITOR = Pattern.compile("\\(object (0x[0-9a-fA-F]+), a ([^)]+)\\)");
    private static final Pattern SYNCHRONIZER =
            Pattern.compile("ownable synchronizer (0x[0-9a-fA-F]+),? \\(a ([^)]+)\\)");

    private record Entry(String name, String wants, String ownerName) {
    }

    private final List<List<Entry>> cycles = new ArrayList<>();
    private String name;
    private String wants;

    boolean isEmpty() {
        return cycles.isEmpty();
    }

    /** Starts a cycle at a "Found one Java-level deadlock:" line. */
    void startCycle() {
        flush(null);
        cycles.add(new ArrayList<>());
    }

    /** @return whether the line belongs to the section */
    boolean accept(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '=')) {
            return true;
        }
        if (s.startsWith("\"") && s.endsWith("\":") && s.length() >= 3) {
            flush(null);
            name = s.substring(1, s.length() - 2);
            return true;
        }
        if (s.startsWith("waiting to lock monitor") || s.startsWith("waiting for ownable synchronizer")) {
            Matcher m = (s.startsWith("waiting to lock") ? MONITOR : SYNCHRONIZER).matcher(s);
            wants = m.find() ? m.group(2).strip() + "@" + LockLine.shortHex(m.group(1)) : null;
            return true;
        }
        if (s.startsWith("which is held by")) {
            int open = s.indexOf('"');
            int close = s.lastIndexOf('"');
            flush(open >= 0 && close > open ? s.substring(open + 1, close) : null);
            return true;
        }
        return false;
    }

    private void flush(String ownerName) {
        if (name != null && !cycles.isEmpty()) {
            cycles.get(cycles.size() - 1).add(new Entry(name, wants, ownerName));
        }
        name = null;
        wants = null;
    }

    /** Tells each thread of a cycle who holds what it waits for, before the wait graph is resolved. */
    void nameOwners(List<ThreadDraft> threads) {
        flush(null);
        Map<String, ThreadDraft> byName = byName(threads);
        for (List<Entry> cycle : cycles) {
            for (Entry e : cycle) {
                ThreadDraft t = byName.get(e.name());
                if (t != null && e.ownerName() != null && t.lockOwnerId < 0) {
                    t.lockOwnerName = e.ownerName();
                }
            }
        }
    }

    /** The cycles, each member with the stack-side facts of the thread of that name. */
    List<DeadlockCycle> cycles(List<ThreadDraft> threads) {
        Map<String, ThreadDraft> byName = byName(threads);
        List<DeadlockCycle> out = new ArrayList<>();
        for (List<Entry> cycle : cycles) {
            if (cycle.isEmpty()) {
                continue;
            }
            List<DeadlockCycle.Member> members = new ArrayList<>();
            for (Entry e : cycle) {
                ThreadDraft t = byName.get(e.name());
                ThreadDraft owner = e.ownerName() == null ? null : byName.get(e.ownerName());
                String wanted = t != null && t.wait != null ? t.wait.lock() : e.wants();
                members.add(new DeadlockCycle.Member(t == null ? -1 : t.id, e.name(),
                        t == null ? List.of() : t.locksHeld(), wanted, owner == null ? -1 : owner.id));
            }
            out.add(new DeadlockCycle(members));
        }
        return out;
    }

    private static Map<String, ThreadDraft> byName(List<ThreadDraft> threads) {
        Map<String, ThreadDraft> byName = new HashMap<>();
        for (ThreadDraft t : threads) {
            byName.putIfAbsent(t.name, t);
        }
        return byName;
    }
}
