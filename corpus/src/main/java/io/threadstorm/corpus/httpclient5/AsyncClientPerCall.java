package io.threadstorm.corpus.httpclient5;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;

/**
 * Misuse of Apache HttpClient 5: every call builds and starts its own async client and never closes it. Each leaves
 * the client's I/O reactor threads selecting (waking up every second) forever.
 */
public class AsyncClientPerCall {

    static void call(String url) throws Exception {
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start(); // threadstorm:leak-site
        SimpleHttpRequest request = SimpleRequestBuilder.get(url).build();
        client.execute(request, null).get(5, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        Workload.parse(args).run(n -> {
            try {
                call(backend.url("/price?id=" + n));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
