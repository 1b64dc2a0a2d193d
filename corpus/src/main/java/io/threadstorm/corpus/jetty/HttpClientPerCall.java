package io.threadstorm.corpus.jetty;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import org.eclipse.jetty.client.HttpClient;

/**
 * Misuse of Jetty's HTTP client: every call builds and starts its own client and never stops it. Each leaves the
 * client's own thread pool (a selector and idle workers waiting for jobs) behind.
 */
public class HttpClientPerCall {

    static void call(String url) throws Exception {
        HttpClient client = new HttpClient();
        client.start(); // threadstorm:leak-site
        client.GET(url);
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        Workload.parse(args).run(n -> {
            try {
                call(backend.url("/stock?id=" + n));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
