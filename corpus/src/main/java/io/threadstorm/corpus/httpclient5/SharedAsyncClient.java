package io.threadstorm.corpus.httpclient5;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;

/**
 * Correct use of Apache HttpClient 5 under load: one async client, started once, shared by 16 request threads
 * ("caller-N") that make 100 calls a second in all.
 */
public class SharedAsyncClient {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start();
        AtomicInteger ids = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(16, r -> new Thread(r, "caller-" + ids.incrementAndGet()));
        Workload load = Workload.parse(new String[] {"--rate=100", "--duration=" + Workload.parse(args)
                .option("duration", "15")});
        load.run(n -> {
            callers.execute(() -> {
                try {
                    client.execute(SimpleRequestBuilder.get(backend.url("/price?id=" + n)).build(), null)
                            .get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("call " + n + " failed: " + e);
                }
            });
            if (n == 500) {
                Backend.printPoolThreads("caller-");
            }
        });
    }
}
