package io.threadstorm.corpus.okhttp;

import io.threadstorm.corpus.Backend;
import io.threadstorm.corpus.Traffic;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Correct use of OkHttp under load: one client for the whole service, 100 asynchronous calls a second on its
 * dispatcher, whose pool grows and shrinks with the load.
 */
public class SharedClient {

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        OkHttpClient client = new OkHttpClient();
        client.dispatcher().setMaxRequestsPerHost(32);
        Workload load = Traffic.at(100, args);
        load.run(n -> {
            client.newCall(new Request.Builder().url(backend.url("/profile?id=" + n)).build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    response.close();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                }
            });
            if (n == 500) {
                Backend.printPoolThreads("OkHttp ");
            }
        });
    }
}
