package io.threadstorm.endpoint;

import io.threadstorm.bootstrap.Recorder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The live endpoint, off by default ({@code http} option): a small HTTP/1.1 server of its own, one request per
 * connection. Not the JDK's {@code com.sun.net.httpserver}: its one dispatcher thread serves every connection (a
 * slow client blocks all the others), its limits are JVM-wide system properties, and once interrupted it spins.
 *
 * <p>Limits: a request line and headers must arrive within {@link #REQUEST_TIMEOUT_MILLIS} and fit in
 * {@link #MAX_HEADER_BYTES}; a whole exchange is cut after {@link #EXCHANGE_TIMEOUT_MILLIS}; at most
 * {@link #MAX_CONNECTIONS} connections are open at once (more get 503, at once); each has its own thread while it
 * is open, so slow clients only ever hold their own. Every
 * agent thread here clears and ignores interrupts from the application: blocking socket calls of platform threads
 * do not react to them, so an interrupted thread neither dies nor spins.
 */
public final class HttpEndpoint {

    static final int REQUEST_TIMEOUT_MILLIS = 5_000;
    static final int EXCHANGE_TIMEOUT_MILLIS = 30_000;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CONNECTIONS = 16;
    /** One thread per open connection: a slow client holds only its own; idle threads end after 30 s. */
    static final int WORKERS = MAX_CONNECTIONS;
    /** How often the acceptor wakes up to cut exchanges past their deadline. */
    private static final int REAP_MILLIS = 1_000;

    private final ServerSocket server;
    private final Routes routes;
    private final ThreadPoolExecutor workers;
    /** Open connections and when each must be done. */
    private final Map<Socket, Long> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private HttpEndpoint(ServerSocket server, Routes routes) {
        this.server = server;
        this.routes = routes;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "threadstorm-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
    }

    /**
     * Binds {@code hostPort} (such as {@code 127.0.0.1:9405}) and starts serving on the agent's own threads.
     *
     * @return the endpoint; {@link #address()} tells the bound address
     * @throws IOException when the address cannot be bound (the port is taken)
     */
    public static HttpEndpoint start(String hostPort, Routes routes) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 64);
            server.setSoTimeout(REAP_MILLIS);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        HttpEndpoint[] made = new HttpEndpoint[1];
        Recorder.untracked(() -> made[0] = new HttpEndpoint(server, routes)); // its pool is the agent's own
        HttpEndpoint endpoint = made[0];
        Thread acceptor = new Thread(endpoint::acceptLoop, "threadstorm-http");
        acceptor.setDaemon(true);
        Recorder.startUntracked(acceptor);
        return endpoint;
    }

    /** The bound address as {@code host:port}. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Stops accepting and closes every open connection. */
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.keySet().forEach(HttpEndpoint::closeQuietly);
        workers.shutdownNow();
    }

    private void acceptLoop() {
        Recorder.untracked(() -> {
            while (!closed) {
                Thread.interrupted(); // the application's interrupts mean nothing here
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException e) {
                    reap();
                    continue;
                } catch (IOException | RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    reap();
                    Thread.interrupted();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // out of descriptors: do not spin
                    continue;
                }
                try {
                    admit(socket);
                } catch (Throwable t) {
                    closeQuietly(socket);
                }
                reap();
            }
        });
    }

    private void admit(Socket socket) {
        if (open.size() >= MAX_CONNECTIONS) {
            // a fresh socket's send buffer is empty: this short write cannot block
            try (socket) {
                socket.getOutputStream().write(head(503, "text/plain; charset=utf-8", 0, ""));
            } catch (IOException ignored) {
                // the client went away
            }
            return;
        }
        open.put(socket, System.currentTimeMillis() + EXCHANGE_TIMEOUT_MILLIS);
        workers.execute(() -> serve(socket));
    }

    /** Cuts the connections whose exchange outlived its deadline: a client that does not read its answer. */
    private void reap() {
        long now = System.currentTimeMillis();
        for (Map.Entry<Socket, Long> e : open.entrySet()) {
            if (now > e.getValue()) {
                open.remove(e.getKey());
                closeQuietly(e.getKey());
            }
        }
    }

    private void serve(Socket socket) {
        Thread.interrupted();
        try (socket) {
            Recorder.untracked(() -> exchange(socket));
        } catch (Throwable ignored) {
            // one bad exchange never reaches the application
        } finally {
            open.remove(socket);
        }
    }

    private void exchange(Socket socket) {
        Response response;
        try {
            Request request = Request.read(socket, System.currentTimeMillis() + REQUEST_TIMEOUT_MILLIS,
                    MAX_HEADER_BYTES);
            response = routes.answer(request);
        } catch (Request.Malformed e) {
            response = Response.text(e.status(), e.getMessage() + "\n");
        } catch (IOException e) {
            return; // the client went away
        } catch (RuntimeException | LinkageError e) {
            response = Response.text(500, "threadstorm: " + e.getClass().getSimpleName() + "\n");
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(head(response.status(), response.contentType(), response.body().length, response.allow()));
            out.write(response.body());
            out.flush();
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static byte[] head(int status, String contentType, int length, String allow) {
        StringBuilder h = new StringBuilder(160).append("HTTP/1.1 ").append(status).append(' ')
                .append(Response.reason(status)).append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(length).append("\r\nConnection: close\r\n");
        if (!allow.isEmpty()) {
            h.append("Allow: ").append(allow).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }
}
