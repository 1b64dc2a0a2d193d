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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The same per-lookup sockets against the same hung gateway as {@link LeakyGatewayClient}, but the
 * client sets a 1 s connect timeout and a 300 ms read timeout, so each lookup thread gets a
 * {@code SocketTimeoutException}, closes its socket and reports the cached balance instead.
 */
public class FixedGatewayClient {

    static final InetAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0).getAddress();

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

    FixedGatewayClient(int port) {
        this.port = port;
    }

    String balance(String account) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write(("BALANCE " + account + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        } catch (SocketTimeoutException e) {
            return "cached";
        }
    }

    void refreshBalanceAsync(String account, int requestId) {
        Thread lookup = new Thread(() -> {
            try {
                balance(account);
            } catch (IOException e) {
                System.err.println("balance lookup failed: " + e);
            }
        }, "balance-lookup-" + requestId);
        lookup.start();
    }

    public static void main(String[] args) throws IOException {
        FixedGatewayClient client = new FixedGatewayClient(startHungGateway().getLocalPort());
        Workload.parse(args).run(n -> client.refreshBalanceAsync("ACC-" + (1000 + n % 13), n));
    }
}
