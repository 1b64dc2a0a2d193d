package io.threadstorm.examples.sleep;

import io.threadstorm.examples.Workload;

/**
 * Webhook delivery with "retry until it succeeds": each event gets a delivery thread that re-posts
 * every 250 ms until the subscriber answers 2xx. This subscriber's endpoint has been answering
 * 503 for days, so every delivery thread sleeps in its retry loop forever.
 * {@link FixedWebhookDispatcher} caps the retries, backs off and dead-letters the event.
 */
public class LeakyWebhookDispatcher {

    /** A subscriber's endpoint; this one is down for good. */
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

    void deliver(String payload) {
        try {
            while (subscriber.post(payload) / 100 != 2) {
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called for every domain event that has a webhook subscription. */
    void publish(String eventId) {
        String payload = "{\"event\":\"" + eventId + "\",\"type\":\"order.shipped\"}";
        Thread delivery = new Thread(() -> deliver(payload), "webhook-" + eventId);
        delivery.start(); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        LeakyWebhookDispatcher dispatcher = new LeakyWebhookDispatcher();
        Workload.parse(args).run(n -> dispatcher.publish("evt-" + n));
    }
}
