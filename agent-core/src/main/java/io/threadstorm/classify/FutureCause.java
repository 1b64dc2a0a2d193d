package io.threadstorm.classify;

import java.util.List;

/** get/join on a future nobody completes. */
final class FutureCause extends CauseUnit {

    @Override
    Category category() {
        return Category.FUTURE_NEVER_COMPLETED;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(WaitRule.of(Category.FUTURE_NEVER_COMPLETED, WaitRule.API, null,
                "java.util.concurrent.CompletableFuture*.*", "java.util.concurrent.FutureTask.get",
                "java.util.concurrent.FutureTask.awaitDone", "java.util.concurrent.ForkJoinTask.get",
                "java.util.concurrent.ForkJoinTask.join", "java.util.concurrent.ForkJoinTask.awaitDone*",
                "java.util.concurrent.ForkJoinTask.quietlyJoin*", "java.util.concurrent.ForkJoinTask.invoke*",
                "java.util.concurrent.ExecutorCompletionService.take",
                "java.util.concurrent.ExecutorCompletionService.poll",
                "java.util.concurrent.StructuredTaskScope*.join*",
                "io.netty.util.concurrent.DefaultPromise.await*", "io.netty.util.concurrent.DefaultPromise.sync*",
                "io.netty.util.concurrent.DefaultPromise.get",
                "com.google.common.util.concurrent.AbstractFuture*.get",
                "com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly",
                "reactor.core.publisher.BlockingSingleSubscriber.blockingGet", "reactor.core.publisher.Mono.block*",
                "reactor.core.publisher.Flux.block*", "io.reactivex*.blocking*",
                "kotlinx.coroutines.BlockingCoroutine.joinBlocking"));
    }

    /** Stronger when the agent sampled where the awaited futures were created. */
    @Override
    double strength(SiteReading r) {
        return r.facts().futureCreationFrame() != null ? 0.95 : 0.85;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        SiteFacts f = r.facts();
        out.add(waitsIn(r, "wait") + ".");
        if (f.futureCreationFrame() != null) {
            out.add("The futures they wait for were created at " + f.futureCreationFrame()
                    + (f.futuresPending() > 0 ? "; " + f.futuresPending() + " created there "
                    + (f.futuresPending() == 1 ? "is" : "are") + " still not completed." : "."));
        } else {
            out.add("Where the awaited futures were created is not known: the agent samples future creation, and"
                    + " the sample may have missed these.");
        }
    }

    @Override
    boolean namesWaitedObjects() {
        return true;
    }

    @Override
    String genericFix() {
        return "Complete every future on every path, failures included (completeExceptionally), or bound the wait with"
                + " get(timeout) or orTimeout.";
    }

    @Override
    String fix(SiteReading r, String at) {
        SiteFacts f = r.facts();
        return f.futureCreationFrame() != null
                ? "Complete the futures created at " + f.futureCreationFrame() + " on every path, failures included"
                + " (completeExceptionally), or bound the wait at " + at + " with get(timeout) or orTimeout."
                : "Make sure the future awaited at " + at + " is completed on every path, failures included, or bound"
                + " the wait with get(timeout) or orTimeout.";
    }
}
