package io.threadstorm.corpus.elasticsearch;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * Correct use of the Elasticsearch low-level REST client under load: one client for the service, 16 request threads
 * ("search-N") making 100 searches a second in all.
 */
public class SharedRestClient {

    public static void main(String[] args) throws IOException {
        Backend backend = Backend.start();
        RestClient client = RestClient.builder(new HttpHost("127.0.0.1", backend.port(), "http")).build();
        AtomicInteger ids = new AtomicInteger();
        ExecutorService requests = Executors.newFixedThreadPool(16, r -> new Thread(r, "search-"
                + ids.incrementAndGet()));
        Workload load = Workload.parse(new String[] {"--rate=100", "--duration=" + Workload.parse(args)
                .option("duration", "15")});
        load.run(n -> {
            requests.execute(() -> {
                try {
                    client.performRequest(new Request("GET", "/products/_search?q=" + n));
                } catch (IOException e) {
                    System.err.println("search " + n + " failed: " + e);
                }
            });
            if (n == 500) {
                Backend.printPoolThreads("search-");
            }
        });
    }
}
