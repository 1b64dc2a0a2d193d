package io.threadstorm.dump;

import io.threadstorm.classify.DeadlockCycle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom in one dump: a thread waits for the lock it is blocked or parked on, and that lock is held by
 * the one thread whose lock lines say {@code locked} (or whose "Locked ownable synchronizers" list names it).
 * Dumps rarely name the owner outright, but they list every thread's held locks, so the owner can be read off.
 */
final class WaitGraph {

    private final List<ThreadDraft> threads;
    private final Map<ThreadDraft, ThreadDraft> owners = new IdentityHashMap<>();

    private WaitGraph(List<ThreadDraft> threads) {
        this.threads = threads;
    }

    /** Fills in each waiting thread's owner, where exactly one other thread holds the lock it waits for. */
    static WaitGraph resolve(List<ThreadDraft> threads) {
        WaitGraph graph = new WaitGraph(threads);
        graph.resolveOwners();
        return graph;
    }

    private void resolveOwners() {
        Map<String, List<ThreadDraft>> holders = new HashMap<>();
        for (ThreadDraft t : threads) {
            for (String lock : new HashSet<>(t.locksHeld())) {
                holders.computeIfAbsent(lock, k -> new ArrayList<>()).add(t);
            }
        }
        Map<String, ThreadDraft> byName = uniqueNames();
        Map<Long, ThreadDraft> byId = new HashMap<>();
        for (ThreadDraft t : threads) {
            if (t.id >= 0) {
                byId.putIfAbsent(t.id, t);
            }
        }
        for (ThreadDraft t : threads) {
            ThreadDraft owner = null;
            if (t.lockOwnerId >= 0) {
                owner = byId.get(t.lockOwnerId);
            } else if (t.lockOwnerName != null) {
                owner = byName.get(t.lockOwnerName);
            } else if (t.wait != null) {
                List<ThreadDraft> candidates = new ArrayList<>(holders.getOrDefault(t.wait.lock(), List.of()));
                candidates.remove(t);
                owner = candidates.size() == 1 ? candidates.get(0) : null;
            }
            if (owner != null && owner != t) {
                owners.put(t, owner);
                t.lockOwnerId = owner.id;
                t.lockOwnerName = owner.name;
            }
        }
    }

    private Map<String, ThreadDraft> uniqueNames() {
        Map<String, ThreadDraft> byName = new HashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (ThreadDraft t : threads) {
            if (byName.putIfAbsent(t.name, t) != null) {
                duplicates.add(t.name);
            }
        }
        byName.keySet().removeAll(duplicates);
        return byName;
    }

    /**
     * Cycles of threads each blocked or parked on a lock the next one holds: a deadlock, since none of them can
     * move. A thread in {@code Object.wait()} is no link: it waits for a notification, not for the monitor.
     */
    List<DeadlockCycle> cycles() {
        List<DeadlockCycle> out = new ArrayList<>();
        Set<ThreadDraft> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ThreadDraft start : threads) {
            Map<ThreadDraft, Integer> path = new LinkedHashMap<>();
            ThreadDraft t = start;
            while (t != null && !done.contains(t) && !path.containsKey(t) && t.ownedLockWanted() != null) {
                path.put(t, path.size());
                t = owners.get(t);
            }
            if (t != null && path.containsKey(t)) {
                List<ThreadDraft> ring = new ArrayList<>(path.keySet()).subList(path.get(t), path.size());
                out.add(cycle(ring));
            }
            done.addAll(path.keySet());
        }
        return out;
    }

    static DeadlockCycle cycle(List<ThreadDraft> ring) {
        List<DeadlockCycle.Member> members = new ArrayList<>();
        for (ThreadDraft t : ring) {
            members.add(new DeadlockCycle.Member(t.id, t.name, t.locksHeld(), t.wait == null ? null : t.wait.lock(),
                    t.lockOwnerId));
        }
        return new DeadlockCycle(members);
    }
}
