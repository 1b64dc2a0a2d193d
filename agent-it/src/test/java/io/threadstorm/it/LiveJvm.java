package io.threadstorm.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A forked JVM with the agent's live endpoint that keeps running while a test talks to it. */
final class LiveJvm implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("live endpoint on http://([^/\\s]+)/");

    private final Process process;
    private final Path dir;

    /** An HTTP answer: status, headers as one lower-cased block, body. */
    record Answer(int status, String head, String body) {
    }

    private LiveJvm(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Starts {@code mainClass} with the agent and {@code agentOptions} (reportDir added) and the extra JVM flags. */
    static LiveJvm start(Path dir, String agentOptions, List<String> jvmFlags, String classPath, String mainClass,
                         String... args) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(ForkedJvm.JAVA);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=" + agentOptions + ",reportDir=" + dir.resolve("reports"));
        }
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Xmx256m", "-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        return new LiveJvm(p, dir);
    }

    long pid() {
        return process.pid();
    }

    String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout.txt"));
    }

    String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    /** Waits until stdout holds {@code text}. */
    void awaitStdout(String text) throws Exception {
        for (int i = 0; i < 600 && !stdout().contains(text); i++) {
            if (!process.isAlive()) {
                throw new AssertionError("JVM ended before printing " + text + ":\n" + stdout() + stderr());
            }
            Thread.sleep(100);
        }
        if (!stdout().contains(text)) {
            throw new AssertionError("no '" + text + "' within 60 s:\n" + stdout() + stderr());
        }
    }

    /** The endpoint's bound {@code host:port}, as the agent logged it. */
    String address() throws Exception {
        for (int i = 0; i < 600; i++) {
            Matcher m = BOUND.matcher(stderr());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no live endpoint logged:\n" + stderr());
    }

    /** One request, sent as written (no normalisation of the path); reads until the server closes. */
    static Answer request(String address, String method, String target, String... headers) throws IOException {
        int colon = address.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    5000);
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: it\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no HTTP answer: " + text);
            }
            String head = text.substring(0, end);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head.toLowerCase(java.util.Locale.ROOT),
                    text.substring(end + 4));
        }
    }

    static Answer get(String address, String target, String... headers) throws IOException {
        return request(address, "GET", target, headers);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
