package io.threadstorm.injector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The webhook over HTTPS: {@code POST /mutate} answers an AdmissionReview, {@code GET /healthz} answers {@code ok}.
 * The certificate and key are read again when their files change (a Secret volume updated by cert-manager), so a
 * renewed certificate is served without a restart.
 */
public final class WebhookServer implements AutoCloseable {

    /** The largest request body read: an AdmissionReview carries one object, which etcd caps at 1.5 MiB. */
    static final int MAX_BODY = 8 << 20;

    private final HttpsServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService reload;
    private final AdmissionReviewer reviewer;
    private final ObjectMapper json;
    private final Path cert;
    private final Path key;
    private final ReloadingKeyManager keys;
    private volatile List<FileTime> seen;

    private WebhookServer(InetSocketAddress address, Path cert, Path key, AdmissionReviewer reviewer, ObjectMapper json)
            throws IOException, GeneralSecurityException {
        this.cert = cert;
        this.key = key;
        this.reviewer = reviewer;
        this.json = json;
        this.seen = stamps();
        server = HttpsServer.create(address, 64);
        keys = new ReloadingKeyManager(TlsFiles.keyManager(cert, key));
        server.setHttpsConfigurator(new HttpsConfigurator(TlsFiles.context(keys)));
        server.createContext("/mutate", this::mutate);
        server.createContext("/healthz", this::healthz);
        workers = Executors.newFixedThreadPool(4, r -> daemon(r, "injector-http"));
        server.setExecutor(workers);
        reload = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "injector-tls-reload"));
    }

    /** How often the certificate and key files are checked for a change. */
    static final Duration RELOAD_CHECK = Duration.ofSeconds(30);

    /**
     * Starts serving on {@code address}, checking the certificate files every {@code reloadCheck}; fails with a
     * one-line message when the certificate or key cannot be used.
     */
    public static WebhookServer start(InetSocketAddress address, Path cert, Path key, AdmissionReviewer reviewer,
                                      ObjectMapper json, Duration reloadCheck) throws IOException, GeneralSecurityException {
        WebhookServer s = new WebhookServer(address, cert, key, reviewer, json);
        s.server.start();
        long every = reloadCheck.toMillis();
        s.reload.scheduleWithFixedDelay(s::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void mutate(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "POST an AdmissionReview\n");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                send(exchange, 413, "text/plain", "request larger than " + MAX_BODY + " bytes\n");
                return;
            }
            try {
                AdmissionReviewer.Answer answer = reviewer.answer(body);
                log(answer.reason());
                send(exchange, 200, "application/json", json.writeValueAsString(answer.review()));
            } catch (AdmissionReviewer.BadReview e) {
                log("bad request: " + e.getMessage());
                send(exchange, 400, "text/plain", e.getMessage() + "\n");
            } catch (RuntimeException e) {
                // the API server treats a failed call by failurePolicy (Ignore): the pod is created unchanged
                log("failed: " + e);
                send(exchange, 500, "text/plain", "internal error\n");
            }
        }
    }

    private void healthz(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, "text/plain", "ok\n");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void reloadIfChanged() {
        try {
            List<FileTime> now = stamps();
            if (!now.equals(seen)) {
                keys.set(TlsFiles.keyManager(cert, key));
                seen = now;
                log("certificate reloaded from " + cert);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log("certificate not reloaded, serving the previous one: " + e.getMessage());
        }
    }

    private List<FileTime> stamps() throws IOException {
        return List.of(Files.getLastModifiedTime(cert), Files.getLastModifiedTime(key));
    }

    static void log(String line) {
        System.err.println("threadstorm-injector: " + line);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        reload.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
    }
}
