package io.threadstorm.classify;

import java.util.List;

/** CountDownLatch, CyclicBarrier, Phaser or Semaphore never released. */
final class LatchCause extends CauseUnit {

    @Override
    Category category() {
        return Category.LATCH_NEVER_RELEASED;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(WaitRule.of(Category.LATCH_NEVER_RELEASED, WaitRule.API, null,
                "java.util.concurrent.CountDownLatch.*", "java.util.concurrent.CyclicBarrier.*",
                "java.util.concurrent.Phaser*.*", "java.util.concurrent.Semaphore*.*",
                "com.google.common.util.concurrent.Uninterruptibles.awaitUninterruptibly",
                "com.google.common.util.concurrent.Uninterruptibles.tryAcquireUninterruptibly"));
    }

    @Override
    double strength(SiteReading r) {
        return 0.9;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.add(waitsIn(r, "wait") + ".");
    }

    @Override
    boolean namesWaitedObjects() {
        return true;
    }

    @Override
    String genericFix() {
        return "Release the latch, barrier, phaser or semaphore on every path, failures included"
                + " (countDown()/release() in a finally block), or await with a timeout.";
    }

    @Override
    String fix(SiteReading r, String at) {
        return "Release what the threads wait for in " + r.label() + " at " + at + " on every path, failures included"
                + " (countDown()/release()/arrive() in a finally block), or await with a timeout.";
    }
}
