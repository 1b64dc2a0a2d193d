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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A report endpoint that renders the sections of a report in parallel on an executor created per
 * request and never shut down: every request leaves four idle pool threads parked in
 * {@code ThreadPoolExecutor.getTask()} forever. {@link FixedReportServer} shares one bounded pool.
 */
public class LeakyReportServer {

    static final List<String> SECTIONS = List.of("summary", "revenue", "churn", "forecast");

    static void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        ExecutorService pool = Executors.newFixedThreadPool(SECTIONS.size());
        List<Future<String>> parts = new ArrayList<>();
        for (String section : SECTIONS) {
            parts.add(pool.submit(() -> renderSection(section, query))); // threadstorm:leak-site
        }
        StringBuilder report = new StringBuilder();
        try {
            for (Future<String> part : parts) {
                report.append(part.get()).append('\n');
            }
        } catch (InterruptedException | ExecutionException e) {
            report.append("error: ").append(e);
        }
        respond(exchange, report.toString());
    }

    static String renderSection(String section, String query) throws InterruptedException {
        Thread.sleep(5 + (section.hashCode() & 15)); // the database query behind the section
        return section + " for " + query + ": ok";
    }

    static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The built-in traffic: one GET per event against our own port. */
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

    static int port(Workload load) {
        String port = load.option("port", load.positional().isEmpty() ? "0" : load.positional().get(0));
        return Integer.parseInt(port);
    }

    public static void main(String[] args) throws IOException {
        Workload load = Workload.parse(args);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port(load)), 50);
        server.createContext("/", LeakyReportServer::handle);
        server.start();
        int port = server.getAddress().getPort();
        System.out.println("listening on http://127.0.0.1:" + port + "/");
        if (load.flag("no-load")) {
            load.idle();
        } else {
            load.run(n -> get(port, n));
        }
    }
}
