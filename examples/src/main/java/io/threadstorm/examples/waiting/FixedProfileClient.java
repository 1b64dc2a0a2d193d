package io.threadstorm.examples.waiting;

import io.threadstorm.examples.Workload;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The same hand-rolled response holder and the same overloaded profile service as
 * {@link LeakyProfileClient}, but the transport reports errors to the holder as well, and the
 * caller waits in {@code Object.wait(timeout)} against a one-second deadline, so every
 * prefetch thread ends.
 */
public class FixedProfileClient {

    static final class ResponseHolder {
        private String value;
        private String error;

        synchronized void set(String value) {
            this.value = value;
            notifyAll();
        }

        synchronized void fail(String error) {
            this.error = error;
            notifyAll();
        }

        synchronized String await(long timeoutMillis) throws InterruptedException, TimeoutException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (value == null && error == null) {
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    throw new TimeoutException("no response in " + timeoutMillis + " ms");
                }
                wait(remaining);
            }
            return value != null ? value : "fallback (" + error + ")";
        }
    }

    static final class Transport {
        private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transport-io");
            t.setDaemon(true);
            return t;
        });

        void get(String path, ResponseHolder holder) {
            io.schedule(() -> {
                int status = 503;
                if (status / 100 == 2) {
                    holder.set("{\"path\":\"" + path + "\"}");
                } else {
                    holder.fail("HTTP " + status);
                }
            }, 15, TimeUnit.MILLISECONDS);
        }
    }

    private final Transport transport = new Transport();

    String fetchProfile(String userId) throws InterruptedException, TimeoutException {
        ResponseHolder holder = new ResponseHolder();
        transport.get("/profiles/" + userId, holder);
        return holder.await(1000);
    }

    void prefetch(String userId) {
        Thread prefetcher = new Thread(() -> {
            try {
                fetchProfile(userId);
            } catch (TimeoutException e) {
                System.err.println("profile prefetch for " + userId + " timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "profile-prefetch-" + userId);
        prefetcher.start();
    }

    public static void main(String[] args) {
        FixedProfileClient client = new FixedProfileClient();
        Workload.parse(args).run(n -> client.prefetch("user" + n));
    }
}
