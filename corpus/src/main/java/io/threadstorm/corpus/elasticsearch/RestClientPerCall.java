package io.threadstorm.corpus.elasticsearch;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * Misuse of the Elasticsearch low-level REST client: every search builds its own client and never closes it. Each
 * leaves the client's I/O dispatcher threads (one per core) selecting forever.
 */
public class RestClientPerCall {

    static void search(int port, int n) {
        RestClient client = RestClient.builder(new HttpHost("127.0.0.1", port, "http")).build(); // threadstorm:leak-site
        try {
            client.performRequest(new Request("GET", "/products/_search?q=" + n));
        } catch (IOException e) {
            System.err.println("search " + n + " failed: " + e);
        }
    }

    public static void main(String[] args) throws IOException {
        Backend backend = Backend.start();
        Workload.parse(args).run(n -> search(backend.port(), n));
    }
}
