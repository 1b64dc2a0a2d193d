package io.threadstorm.corpus.jetty;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.client.HttpClient;

/**
 * Correct use of Jetty's HTTP client under load: one client, started once, shared by 16 request threads
 * ("caller-N") that make 100 calls a second in all.
 */
public class SharedHttpClient {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        HttpClient client = new HttpClient();
        client.start();
        ExecutorService callers = Traffic.callers("caller", 16);
        Workload load = Traffic.at(100, args);
        load.run(n -> {
            callers.execute(() -> {
                try {
                    client.GET(backend.url("/stock?id=" + n));
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
