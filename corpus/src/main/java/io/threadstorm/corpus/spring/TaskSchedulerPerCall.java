package io.threadstorm.corpus.spring;

import io.threadstorm.examples.Workload;
import java.time.Duration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Misuse of Spring's scheduling: every subscription builds its own task scheduler for its renewal reminder and
 * never shuts it down. Each leaves a scheduler thread waiting for the next reminder forever.
 */
public class TaskSchedulerPerCall {

    static void subscribe(int n) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("renewals-" + n + "-");
        scheduler.initialize();
        scheduler.scheduleAtFixedRate(() -> { }, Duration.ofSeconds(30)); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        Workload.parse(args).run(TaskSchedulerPerCall::subscribe);
    }
}
