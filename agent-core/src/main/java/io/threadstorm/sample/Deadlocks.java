package io.threadstorm.sample;

import io.threadstorm.classify.DeadlockCycle;
import java.lang.management.LockInfo;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the threads {@code findDeadlockedThreads} names into cycles: who holds what and wants what. */
public final class Deadlocks {

    private Deadlocks() {
    }

    public static List<DeadlockCycle> cycles(ThreadInfo[] infos) {
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo i : infos) {
            if (i != null) {
                byId.put(i.getThreadId(), i);
            }
        }
        List<DeadlockCycle> out = new ArrayList<>();
        Set<Long> done = new HashSet<>();
        for (ThreadInfo start : byId.values()) {
            if (done.contains(start.getThreadId())) {
                continue;
            }
            List<DeadlockCycle.Member> members = new ArrayList<>();
            ThreadInfo t = start;
            while (t != null && done.add(t.getThreadId())) {
                members.add(new DeadlockCycle.Member(t.getThreadId(), t.getThreadName(), held(t),
                        t.getLockInfo() == null ? null : t.getLockInfo().toString(), t.getLockOwnerId()));
                t = byId.get(t.getLockOwnerId());
            }
            if (!members.isEmpty()) {
                out.add(new DeadlockCycle(members));
            }
        }
        return out;
    }

    private static List<String> held(ThreadInfo t) {
        List<String> out = new ArrayList<>();
        for (LockInfo m : t.getLockedMonitors()) {
            out.add(m.toString());
        }
        for (LockInfo s : t.getLockedSynchronizers()) {
            out.add(s.toString());
        }
        return out;
    }
}
