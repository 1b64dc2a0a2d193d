package io.threadstorm.examples.sleep;

import io.threadstorm.examples.Workload;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The same webhook delivery threads and the same dead endpoint as {@link LeakyWebhookDispatcher},
 * but a 4xx answer is treated as permanent and other failures are retried at most four times with
 * exponential backoff (50, 100, 200 ms) before the event goes to a dead-letter queue, so each
 * delivery thread ends within about 350 ms.
 */
public class FixedWebhookDispatcher {

    static final class Endpoint {
        final String url;

        Endpoint(String url) {
            this.url = url;
        }

        int post(String payload) {
            return 503; // Service Unavailable
        }
    }

    private final Endpoint subscriber = new Endpoint("https://hooks.example.invalid/orders");
    private final Queue<String> deadLetters = new ConcurrentLinkedQueue<>();

    void deliver(String payload) {
        try {
            long backoff = 50;
            for (int attempt = 1; attempt <= 4; attempt++) {
                if (attempt > 1) {
                    Thread.sleep(backoff);
                    backoff *= 2;
                }
                int status = subscriber.post(payload);
                if (status / 100 == 2) {
                    return;
                }
                if (status / 100 == 4 && status != 429) {
                    break; // permanent: retrying cannot help
                }
            }
            deadLetters.add(payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void publish(String eventId) {
        String payload = "{\"event\":\"" + eventId + "\",\"type\":\"order.shipped\"}";
        Thread delivery = new Thread(() -> deliver(payload), "webhook-" + eventId);
        delivery.start();
    }

    public static void main(String[] args) {
        FixedWebhookDispatcher dispatcher = new FixedWebhookDispatcher();
        Workload.parse(args).run(n -> dispatcher.publish("evt-" + n));
    }
}
