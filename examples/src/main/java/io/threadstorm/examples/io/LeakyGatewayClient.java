package io.threadstorm.examples.io;

import io.threadstorm.examples.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client for a line-based legacy gateway that opens a socket per balance lookup and reads the
 * reply with no read timeout. The gateway (simulated in-process) accepts connections but has
 * stopped answering, so every lookup thread stays RUNNABLE in a socket read forever.
 * {@link FixedGatewayClient} sets connect and read timeouts and falls back when they expire.
 */
public class LeakyGatewayClient {

    static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0).getAddress();

    /** The hung gateway: accepts every connection, never reads or writes. */
    static ServerSocket startHungGateway() throws IOException {
        ServerSocket server = new ServerSocket(0, 100, LOOPBACK);
        List<Socket> held = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException e) {
                // server closed
            }
        }, "gateway-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private final int port;

    LeakyGatewayClient(int port) {
        this.port = port;
    }

    String balance(String account) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("BALANCE " + account + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine(); // no SO_TIMEOUT: blocks as long as the gateway stays silent
        }
    }

    /** Each statement request looks the balance up on its own thread. */
    void refreshBalanceAsync(String account, int requestId) {
        Thread lookup = new Thread(() -> {
            try {
                balance(account);
            } catch (IOException e) {
                System.err.println("balance lookup failed: " + e);
            }
        }, "balance-lookup-" + requestId);
        lookup.start(); // threadstorm:leak-site
    }

    public static void main(String[] args) throws IOException {
        LeakyGatewayClient client = new LeakyGatewayClient(startHungGateway().getLocalPort());
        Workload.parse(args).run(n -> client.refreshBalanceAsync("ACC-" + (1000 + n % 13), n));
    }
}
