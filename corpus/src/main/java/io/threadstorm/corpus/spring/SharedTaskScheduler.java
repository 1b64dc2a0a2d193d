package io.threadstorm.corpus.spring;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.time.Instant;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Correct use of Spring's scheduling under load: one task scheduler of 16 threads for the service, on which 200
 * one-shot reminders a second (each 2-10 ms of work) and one periodic sweep run.
 */
public class SharedTaskScheduler {

    public static void main(String[] args) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(16);
        scheduler.setThreadNamePrefix("reminders-");
        scheduler.initialize();
        scheduler.scheduleAtFixedRate(() -> { }, java.time.Duration.ofMillis(100));
        Workload load = Traffic.at(200, args);
        load.run(n -> {
            scheduler.schedule(() -> {
                try {
                    Thread.sleep(2 + n % 9);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, Instant.now().plusMillis(n % 20));
            if (n == 1000) {
                Backend.printPoolThreads("reminders-");
            }
        });
    }
}
