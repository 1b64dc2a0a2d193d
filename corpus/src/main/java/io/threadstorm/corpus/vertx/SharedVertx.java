package io.threadstorm.corpus.vertx;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Correct use of Vert.x under load: one {@code Vertx} for the service; 200 requests a second each run a blocking
 * lookup (5-20 ms) on its worker pool of 16 and a timer on its event loops.
 */
public class SharedVertx {

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(16).setEventLoopPoolSize(4));
        Workload load = Traffic.at(200, args);
        load.run(n -> {
            vertx.executeBlocking(() -> {
                Thread.sleep(5 + n % 16);
                return n;
            }, false);
            vertx.setTimer(1 + n % 10, id -> { });
            if (n == 1000) {
                Backend.printPoolThreads("vert.x-");
            }
        });
    }
}
