package io.threadstorm.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request: its method, exact path, query parameters and the headers the endpoint reads.
 *
 * @param method  such as {@code GET}
 * @param path    the path as sent, undecoded: routes match it exactly
 * @param query   decoded query parameters, the first of each name
 * @param headers header values by lower-case name
 */
public record Request(String method, String path, Map<String, String> query, Map<String, String> headers) {

    /** A request that cannot be served, with the status to answer. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Malformed(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The named header, or {@code ""}. */
    public String header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    /**
     * Reads the request line and headers, which must all have arrived by {@code deadline} (epoch millis) and fit in
     * {@code maxBytes}: a client that sends a byte now and then (slowloris) is cut at the deadline.
     */
    static Request read(Socket socket, long deadline, int maxBytes) throws IOException, Malformed {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[Math.min(maxBytes, 2048)];
        int len = 0;
        int end;
        while ((end = headerEnd(buf, len)) < 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new Malformed(408, "threadstorm: request not received in time");
            }
            if (len == buf.length) {
                if (buf.length >= maxBytes) {
                    throw new Malformed(431, "threadstorm: request headers too large");
                }
                buf = java.util.Arrays.copyOf(buf, Math.min(maxBytes, buf.length * 2));
            }
            socket.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = in.read(buf, len, buf.length - len);
            } catch (SocketTimeoutException e) {
                throw new Malformed(408, "threadstorm: request not received in time");
            }
            if (n < 0) {
                throw new IOException("closed before the request ended");
            }
            len += n;
        }
        return parse(new String(buf, 0, end, StandardCharsets.ISO_8859_1));
    }

    /** The index past the blank line that ends the headers, or -1. */
    private static int headerEnd(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n' && ((i + 1 < len && b[i + 1] == '\n')
                    || (i + 2 < len && b[i + 1] == '\r' && b[i + 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    static Request parse(String head) throws Malformed {
        String[] lines = head.split("\r?\n");
        String[] first = lines[0].split(" ");
        if (first.length != 3 || !first[2].startsWith("HTTP/") || !first[1].startsWith("/")) {
            throw new Malformed(400, "threadstorm: malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String target = first[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    query.putIfAbsent(name, value);
                } catch (IllegalArgumentException e) {
                    throw new Malformed(400, "threadstorm: malformed query");
                }
            }
        }
        return new Request(first[0], path, query, headers);
    }
}
