package io.threadstorm.dump;

import java.util.ArrayList;
import java.util.List;

/** A thread while its lines are being read: mutable, turned into a {@link DumpedThread} once the dump is read. */
final class ThreadDraft {

    long id = -1;
    String name = "";
    Thread.State state;
    boolean daemon;
    boolean virtual;
    double elapsedSeconds = -1;
    final List<StackTraceElement> stack = new ArrayList<>();
    LockLine wait;
    long lockOwnerId = -1;
    String lockOwnerName;
    final List<String> held = new ArrayList<>();

    void add(LockLine line) {
        if (line.kind() == LockLine.Kind.HELD) {
            held.add(line.lock());
        } else if (wait == null) {
            // the first wait line belongs to the top frame: that is what the thread waits for now
            wait = line;
        }
    }

    /** Locks it really holds: a monitor it waits on in {@code Object.wait()} was released, though listed as locked. */
    List<String> locksHeld() {
        if (wait == null || wait.kind() != LockLine.Kind.WAITING_ON) {
            return held;
        }
        List<String> out = new ArrayList<>(held);
        out.removeIf(wait.lock()::equals);
        return out;
    }

    /** The lock it waits for in a way another thread's ownership explains: blocked on a monitor or parked. */
    String ownedLockWanted() {
        return wait == null || wait.kind() == LockLine.Kind.WAITING_ON ? null : wait.lock();
    }

    /** {@code WAITING (parking)}, {@code TIMED_WAITING}: the state's name first; {@code null} when it is none. */
    static Thread.State parseState(String text) {
        String word = text.strip().split("\\s+", 2)[0];
        for (Thread.State state : Thread.State.values()) {
            if (state.name().equals(word)) {
                return state;
            }
        }
        return null;
    }

    DumpedThread build() {
        return new DumpedThread(id, name, state, daemon || virtual, virtual, elapsedSeconds, stack,
                wait == null ? null : wait.lock(), wait == null ? null : wait.address(), lockOwnerId, lockOwnerName,
                locksHeld());
    }
}
