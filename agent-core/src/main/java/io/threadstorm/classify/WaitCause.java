package io.threadstorm.classify;

import java.util.List;

/** Object.wait or park with nothing better known: the fallback of the wait table. */
final class WaitCause extends CauseUnit {

    @Override
    Category category() {
        return Category.WAITING;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(
                WaitRule.of(Category.WAITING, WaitRule.API, null, "java.lang.Thread.join", "java.lang.Process*.waitFor",
                        "java.lang.ProcessHandleImpl.waitForProcessExit0"),
                WaitRule.of(Category.WAITING, WaitRule.PARK, null, "java.lang.Object.wait*",
                        "java.util.concurrent.locks.LockSupport.park*", "jdk.internal.misc.Unsafe.park",
                        "sun.misc.Unsafe.park", "java.lang.VirtualThread.park*",
                        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await*",
                        "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject.await*"));
    }

    @Override
    double strength(SiteReading r) {
        return 0.6;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.add(waitsIn(r, "wait")
                + ", with nothing on their stacks saying what for.");
    }

    @Override
    boolean namesWaitedObjects() {
        return true;
    }

    @Override
    String genericFix() {
        return "Make whatever should wake the waiting threads (notify, unpark, signal) happen on every path, or wait"
                + " with a timeout and re-check the condition.";
    }

    @Override
    String fix(SiteReading r, String at) {
        return "Find what should wake the threads waiting in " + r.label() + " at " + at + " (notify, unpark, signal)"
                + " and make it happen on every path, or wait with a timeout and re-check.";
    }
}
