package io.threadstorm.corpus.reactor;

import io.threadstorm.examples.Workload;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Misuse of Reactor: every request builds its own parallel scheduler for its fan-out and never disposes of it. Each
 * request leaves four idle one-thread scheduled pools ("render-N") behind. The fix: share one scheduler, or
 * {@code dispose()} it.
 */
public class SchedulerPerCall {

    static int handle(int request) {
        Scheduler render = Schedulers.newParallel("render", 4); // threadstorm:leak-site
        return Flux.range(0, 4)
                .flatMap(part -> Mono.fromCallable(() -> request + "/" + part).subscribeOn(render)) // threadstorm:leak-site
                .collectList()
                .block(Duration.ofSeconds(5)) // threadstorm:leak-site
                .size();
    }

    public static void main(String[] args) {
        Workload.parse(args).run(SchedulerPerCall::handle);
    }
}
