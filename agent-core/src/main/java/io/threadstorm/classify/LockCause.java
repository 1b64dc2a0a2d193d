package io.threadstorm.classify;

import java.util.List;
import java.util.Map;

/**
 * Threads blocked on a lock another thread holds for long: BLOCKED on a monitor (read from the state), or parked
 * in one of the JDK's locks.
 */
final class LockCause extends CauseUnit {

    @Override
    Category category() {
        return Category.LOCK_CONTENTION;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(WaitRule.of(Category.LOCK_CONTENTION, WaitRule.API, null,
                "java.util.concurrent.locks.ReentrantLock*.*", "java.util.concurrent.locks.ReentrantReadWriteLock*.*",
                "java.util.concurrent.locks.StampedLock.*"));
    }

    /** Weaker when the sample does not name the thread that holds the lock. */
    @Override
    double strength(SiteReading r) {
        return r.ownerName() == null ? 0.75 : 0.9;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        String at = JdkFrames.text(r.waitingAt());
        String lock = r.mostWaitedObject() == null ? "a lock" : r.mostWaitedObject();
        Map<String, Integer> owners = r.owners();
        String held;
        if (owners.isEmpty()) {
            held = "whose owner the sample does not name";
        } else if (owners.size() == 1) {
            String name = owners.keySet().iterator().next();
            held = "held by \"" + name + "\"" + r.ownerId(name);
        } else {
            held = "held by " + owners.size() + " different threads (\"" + String.join("\", \"",
                    List.copyOf(owners.keySet()).subList(0, Math.min(3, owners.size()))) + "\")";
        }
        boolean parked = r.agreeing().stream().anyMatch(w -> w.sample().state() != Thread.State.BLOCKED);
        out.add(r.counted("are") + " " + (parked ? "waiting for " : "BLOCKED on ") + lock + " " + held
                + (at == null ? "" : ", at " + at) + ".");
    }

    @Override
    String genericFix() {
        return "Do not hold the lock while doing slow work (I/O, sleeping, waiting): shorten the critical section, or"
                + " use tryLock with a timeout.";
    }

    @Override
    String fix(SiteReading r, String at) {
        String owner = r.ownerName();
        return (owner == null ? "Find the thread that holds the lock" : "Shorten what \"" + owner
                + "\" does while holding the lock") + " (no I/O, sleeping or waiting inside it), or take it with"
                + " tryLock and a timeout at " + at + ".";
    }
}
