package io.threadstorm.examples.pool;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.threadstorm.examples.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same report endpoint as {@link LeakyReportServer}, but the sections render on one shared,
 * bounded pool (0..8 "report-worker-N" threads, idle ones retire after 500 ms), created once at
 * startup, so the thread count follows the load instead of growing with every request.
 */
public class FixedReportServer {

    static final List<String> SECTIONS = List.of("summary", "revenue", "churn", "forecast");
    static final AtomicInteger WORKER_IDS = new AtomicInteger();
    static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, 8, 500, TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(), r -> new Thread(r, "report-worker-" + WORKER_IDS.incrementAndGet()),
            new ThreadPoolExecutor.CallerRunsPolicy());

    static void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        List<Future<String>> parts = new ArrayList<>();
        for (String section : SECTIONS) {
            parts.add(POOL.submit(() -> renderSection(section, query)));
        }
        StringBuilder report = new StringBuilder();
        try {
            for (Future<String> part : parts) {
                report.append(part.get()).append('\n');
            }
        } catch (InterruptedException | ExecutionException e) {
            report.append("error: ").append(e);
        }
        byte[] bytes = report.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String renderSection(String section, String query) throws InterruptedException {
        Thread.sleep(5 + (section.hashCode() & 15)); // the database query behind the section
        return section + " for " + query + ": ok";
    }

    static void get(int port, int n) {
        try {
            HttpURLConnection conn = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/report?id=" + n).toURL().openConnection();
            conn.setConnectTimeout(2000);
            conn.setReadTimeout(5000);
            try (InputStream in = conn.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            System.err.println("request " + n + " failed: " + e);
        }
    }

    public static void main(String[] args) throws IOException {
        Workload load = Workload.parse(args);
        int port = Integer.parseInt(load.option("port", load.positional().isEmpty() ? "0" : load.positional().get(0)));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/", FixedReportServer::handle);
        server.start();
        int bound = server.getAddress().getPort();
        System.out.println("listening on http://127.0.0.1:" + bound + "/");
        if (load.flag("no-load")) {
            load.idle();
        } else {
            load.run(n -> get(bound, n));
        }
    }
}
