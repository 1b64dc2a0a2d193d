package io.threadstorm.classify;

import java.util.List;

/** put/take/transfer/exchange on a queue with no peer. */
final class QueueCause extends CauseUnit {

    @Override
    Category category() {
        return Category.QUEUE_HANDOFF;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(WaitRule.of(Category.QUEUE_HANDOFF, WaitRule.CHANNEL, null,
                "java.util.concurrent.LinkedBlockingQueue.*", "java.util.concurrent.ArrayBlockingQueue.*",
                "java.util.concurrent.LinkedBlockingDeque.*", "java.util.concurrent.PriorityBlockingQueue.*",
                "java.util.concurrent.DelayQueue.*", "java.util.concurrent.SynchronousQueue*.*",
                "java.util.concurrent.LinkedTransferQueue*.*", "java.util.concurrent.Exchanger*.*",
                "com.google.common.util.concurrent.Uninterruptibles.takeUninterruptibly",
                "com.google.common.util.concurrent.Uninterruptibles.putUninterruptibly"));
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
        return "Give every blocking put/take a peer or a way out: stop the consumer when the producer is done (a poison"
                + " pill or interrupt()), or use poll/offer with a timeout.";
    }

    @Override
    String fix(SiteReading r, String at) {
        String label = r.label();
        if (r.allTimed()) {
            return "The threads wait in " + label + " at " + at + " with a timeout and then wait again: the loop"
                    + " around it has no end. Give it one (a stop flag checked after each timeout, interrupt(), or"
                    + " shutting down its owner) and stop it when the other side is done.";
        }
        return "Give the " + label + " at " + at + " a peer or a way out: stop this consumer or producer when the other"
                + " side is done (a poison pill, interrupt(), or shutting down its owner), or use poll/offer with a"
                + " timeout.";
    }
}
