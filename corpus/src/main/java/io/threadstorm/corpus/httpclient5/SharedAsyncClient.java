package io.threadstorm.corpus.httpclient5;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
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
        ExecutorService callers = Traffic.callers("caller", 16);
        Workload load = Traffic.at(100, args);
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
