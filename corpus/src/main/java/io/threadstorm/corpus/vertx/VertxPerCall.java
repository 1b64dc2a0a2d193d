package io.threadstorm.corpus.vertx;

import io.threadstorm.examples.Workload;
import io.vertx.core.Vertx;

/**
 * Misuse of Vert.x: every request builds its own {@code Vertx} to run one timer and never closes it. Each leaves an
 * event-loop thread and the instance's blocked-thread checker behind.
 */
public class VertxPerCall {

    static void handle(int n) {
        Vertx vertx = Vertx.vertx(); // threadstorm:leak-site
        vertx.setTimer(1, id -> { }); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        Workload.parse(args).run(VertxPerCall::handle);
    }
}
