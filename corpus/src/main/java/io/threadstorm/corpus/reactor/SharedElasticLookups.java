package io.threadstorm.corpus.reactor;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Correct use of Reactor under load: every request fans out eight blocking lookups (a 20-80 ms sleep standing for a
 * JDBC call) onto the one shared {@code Schedulers.boundedElastic()}, whose workers are each a one-thread scheduled
 * pool, created as load arrives and kept while busy. Eight request threads; traffic ramps up from 5 to 60 requests a
 * second over the first eight seconds (a deployment taking traffic), so the scheduler warms up for seconds.
 */
public class SharedElasticLookups {

    static String lookup(int request, int part) {
        try {
            Thread.sleep(20 + ThreadLocalRandom.current().nextInt(61));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return request + "/" + part;
    }

    static int handle(int request) {
        return Flux.range(0, 8)
                .flatMap(part -> Mono.fromCallable(() -> lookup(request, part)).subscribeOn(Schedulers.boundedElastic()))
                .collectList()
                .block(Duration.ofSeconds(5))
                .size();
    }

    public static void main(String[] args) throws InterruptedException {
        Workload load = Workload.parse(args);
        ExecutorService requests = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(Long.parseLong(load.option("duration", "15")));
        int n = 0;
        while (System.nanoTime() < end) {
            int request = ++n;
            requests.execute(() -> handle(request));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = 5 + 55 * Math.min(1.0, seconds / 8);
            Thread.sleep((long) (1000 / rate));
        }
        Backend.printPoolThreads("boundedElastic-");
        Workload.finish(); // under load: the shared scheduler lives as long as the service

    }
}
