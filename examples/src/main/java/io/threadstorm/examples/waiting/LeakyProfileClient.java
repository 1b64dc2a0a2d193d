package io.threadstorm.examples.waiting;

import io.threadstorm.examples.Workload;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A hand-rolled synchronous wrapper over an async transport: the caller waits in
 * {@code Object.wait()} on a response holder that the success callback fills in. The transport has
 * no error callback and drops error responses, so while the profile service answers 503 no holder is
 * ever notified and every caller thread waits forever. {@link FixedProfileClient} completes the holder on
 * errors too and waits with a deadline.
 */
public class LeakyProfileClient {

    static final class ResponseHolder {
        private String value;

        synchronized void set(String value) {
            this.value = value;
            notifyAll();
        }

        synchronized String await() throws InterruptedException {
            while (value == null) {
                wait();
            }
            return value;
        }
    }

    /** The async transport: delivers 2xx bodies to the callback and drops everything else. */
    static final class Transport {
        private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transport-io");
            t.setDaemon(true);
            return t;
        });

        void get(String path, Consumer<String> onSuccess) {
            io.schedule(() -> {
                int status = 503; // the profile service is overloaded
                if (status / 100 == 2) {
                    onSuccess.accept("{\"path\":\"" + path + "\"}");
                }
            }, 15, TimeUnit.MILLISECONDS);
        }
    }

    private final Transport transport = new Transport();

    String fetchProfile(String userId) throws InterruptedException {
        ResponseHolder holder = new ResponseHolder();
        transport.get("/profiles/" + userId, holder::set);
        return holder.await();
    }

    /** Each page view warms the user's profile on a background thread. */
    void prefetch(String userId) {
        Thread prefetcher = new Thread(() -> {
            try {
                fetchProfile(userId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "profile-prefetch-" + userId);
        prefetcher.start(); // threadstorm:leak-site
    }

    public static void main(String[] args) {
        LeakyProfileClient client = new LeakyProfileClient();
        Workload.parse(args).run(n -> client.prefetch("user" + n));
    }
}
