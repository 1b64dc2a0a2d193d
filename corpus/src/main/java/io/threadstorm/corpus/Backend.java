package io.threadstorm.corpus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote service the clients of the corpus call: a plain HTTP server on loopback that answers {@code ok} after
 * a few milliseconds, on one bounded pool ("backend-N"). Started and shut down by each program.
 */
public final class Backend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool;

    private Backend(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static Backend start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "backend-" + ids.incrementAndGet()));
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new Backend(server, pool);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** Prints the live threads whose names start with {@code prefix}: the healthy programs' proof of load. */
    public static void printPoolThreads(String prefix) {
        long live = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
        System.out.println("pool threads: live=" + live);
    }
}
