package io.threadstorm.corpus.okhttp;

import io.threadstorm.corpus.Backend;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Misuse of OkHttp: every call builds its own client and makes an asynchronous request on it. Each client owns a
 * dispatcher pool whose worker then idles for a minute, and a connection pool: the fix is one shared client.
 */
public class ClientPerCall {

    static void call(String url) {
        OkHttpClient client = new OkHttpClient();
        client.newCall(new Request.Builder().url(url).build()).enqueue(new Callback() { // threadstorm:leak-site
            @Override
            public void onResponse(Call call, Response response) {
                response.close();
            }

            @Override
            public void onFailure(Call call, IOException e) {
            }
        });
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.start();
        Workload.parse(args).run(n -> call(backend.url("/profile?id=" + n)));
    }
}
