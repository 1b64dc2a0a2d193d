package io.threadstorm.examples.healthy;

import io.threadstorm.examples.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy blocking server with a thread per connection, the classic BIO design: an acceptor thread hands each
 * accepted socket to a new "conn-N" thread that reads requests line by line (keep-alive, 30 s idle timeout) and
 * answers each. 36 clients connect over the first 2 s and keep their connections open, sending a small request
 * every 200-500 ms from a 4-thread client scheduler. The server threads spend nearly all their time blocked in a
 * socket read, waiting for the client's next request; each connection ends when its client closes it.
 */
public class ThreadPerConnectionServer {

    static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0).getAddress();
    static final int CLIENTS = 36;
    static final int KEEP_ALIVE_MILLIS = 30_000;

    private final ServerSocket server;
    private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Map<String, String> prices = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();

    ThreadPerConnectionServer() throws IOException {
        this.server = new ServerSocket(0, 100, LOOPBACK);
        for (int i = 0; i < 100; i++) {
            prices.put("item-" + i, String.valueOf(100 + i * 7));
        }
    }

    int port() {
        return server.getLocalPort();
    }

    void start() {
        new Thread(this::acceptLoop, "acceptor").start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSoTimeout(KEEP_ALIVE_MILLIS);
                socket.setTcpNoDelay(true);
                Thread connection = new Thread(() -> serve(socket), "conn-" + connectionIds.incrementAndGet());
                connections.add(connection);
                peak.accumulateAndGet(connections.size(), Math::max);
                connection.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String item = line.startsWith("GET ") ? line.substring(4).trim() : "";
                String price = prices.get(item);
                String response = price == null ? "404 " + item + "\n" : "200 " + item + " " + price + "\n";
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answered.incrementAndGet();
            }
        } catch (SocketTimeoutException e) {
            // idle past the keep-alive timeout: close
        } catch (IOException e) {
            System.err.println(Thread.currentThread().getName() + ": " + e);
        } finally {
            connections.remove(Thread.currentThread());
        }
    }

    int liveConnections() {
        return connections.size();
    }

    void stop() throws IOException, InterruptedException {
        server.close();
        for (Thread t : connections) {
            t.join(5_000);
        }
    }

    /** One keep-alive client connection: a request every 200-500 ms, each answered before the next. */
    static final class Client {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private long requests;

        Client(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1_000);
            socket.setSoTimeout(2_000);
            socket.setTcpNoDelay(true);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        void request(ScheduledThreadPoolExecutor scheduler) {
            if (socket.isClosed()) {
                return;
            }
            try {
                requests++;
                out.write(("GET item-" + (requests % 120) + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (in.readLine() == null) {
                    socket.close();
                    return;
                }
                scheduler.schedule(() -> request(scheduler), 200 + ThreadLocalRandom.current().nextInt(301),
                        TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("client request failed: " + e);
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                System.err.println("client close failed: " + e);
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Workload load = Workload.parse(args);
        long durationMillis = (long) (Double.parseDouble(load.option("duration", "20")) * 1000);
        long start = System.currentTimeMillis();
        ThreadPerConnectionServer server = new ThreadPerConnectionServer();
        server.start();

        AtomicInteger clientIds = new AtomicInteger();
        ScheduledThreadPoolExecutor clients = new ScheduledThreadPoolExecutor(4,
                r -> new Thread(r, "client-" + clientIds.incrementAndGet()));
        List<Client> open = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client(server.port());
            open.add(client);
            clients.execute(() -> client.request(clients));
            Thread.sleep(2_000 / CLIENTS);
        }

        Thread.sleep(Math.max(0, durationMillis - (System.currentTimeMillis() - start)));
        System.out.println("pool threads: live=" + server.liveConnections() + " peak=" + server.peak.get()
                + " answered=" + server.answered.get());
        clients.shutdownNow();
        clients.awaitTermination(5, TimeUnit.SECONDS);
        open.forEach(Client::close);
        server.stop();
        Workload.finish();
    }
}
