package io.threadstorm.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.threadstorm.bootstrap.Recorder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The live endpoint, off by default ({@code http} option): {@code GET /snapshot} and {@code GET /report} return the
 * same JSON as the JMX operations. A bare port binds to loopback; any other address must be given explicitly.
 */
final class HttpEndpoint {

    private HttpEndpoint() {
    }

    /** Starts the server; returns the bound address, e.g. {@code 127.0.0.1:9405}. */
    static String start(String hostPort, Supplier<String> snapshot, Supplier<String> report) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 8);
        server.createContext("/snapshot", ex -> answer(ex, snapshot));
        server.createContext("/report", ex -> answer(ex, report));
        server.createContext("/", ex -> {
            byte[] body = "threadstorm: GET /snapshot or /report\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        Recorder.untracked(server::start); // its dispatcher thread is the agent's own
        return host + ":" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, Supplier<String> json) throws IOException {
        if (!ex.getRequestMethod().equals("GET")) {
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return;
        }
        byte[] body;
        int status = 200;
        try {
            body = json.get().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            status = 500;
            body = ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
