package io.threadstorm.corpus.elasticsearch;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
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
        ExecutorService requests = Traffic.callers("search", 16);
        Workload load = Traffic.at(100, args);
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
