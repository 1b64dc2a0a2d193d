package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The runnable jar as users and the API server meet it: {@code review} on stdin, and {@code serve} over HTTPS with
 * a certificate made here, answering the same AdmissionReview requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectorJarIT {

    static final Path JAR = Path.of(System.getProperty("injector.jar", "target/threadstorm-injector.jar")).toAbsolutePath();
    static final String JAVA = System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());

    @TempDir
    static Path tmp;
    private Process server;
    private int port;
    private HttpClient client;

    /** What a finished command printed. */
    record Run(int status, String stdout, String stderr) {
    }

    @BeforeAll
    void serve() throws Exception {
        TestCertificate cert = TestCertificate.write(tmp.resolve("tls"), "EC");
        server = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "serve", "--port", "0", "--host", "127.0.0.1",
                "--cert", cert.certFile().toString(), "--key", cert.keyFile().toString()).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        Matcher m = Pattern.compile("serving https://127\\.0\\.0\\.1:(\\d+)/mutate").matcher(String.valueOf(line));
        assertTrue(m.find(), "the server said: " + line);
        port = Integer.parseInt(m.group(1));
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "drain-injector-stderr");
        drain.setDaemon(true);
        drain.start();
        client = HttpClient.newBuilder().sslContext(cert.trustingIt()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws InterruptedException {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @FieldSource("io.threadstorm.injector.Wired#FIXTURES")
    void reviewOnStdinPrintsTheWebhooksResponse(String fixture) throws Exception {
        byte[] request = Wired.fixture(fixture);
        Run run = run(request, "review");
        assertEquals(0, run.status(), run.stderr());
        assertEquals(1, run.stderr().lines().count(), "one line saying what was done: " + run.stderr());
        Wired.assertAnswer(fixture, request, Wired.review(run.stdout()));
    }

    @ParameterizedTest
    @FieldSource("io.threadstorm.injector.Wired#FIXTURES")
    void theWebhookAnswersOverHttps(String fixture) throws Exception {
        byte[] request = Wired.fixture(fixture);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        Wired.assertAnswer(fixture, request, Wired.review(response.body()));
    }

    @Test
    void healthzAndBadRequestsOverHttps() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
        HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"Pod\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("AdmissionReview"), bad.body());
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/mutate"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    void malformedInputIsOneLineAndStatusOneWithoutAStackTrace() throws Exception {
        for (String input : List.of("", "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"",
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}")) {
            Run run = run(input.getBytes(StandardCharsets.UTF_8), "review");
            assertEquals(1, run.status(), input);
            assertEquals("", run.stdout());
            assertEquals(1, run.stderr().lines().count(), run.stderr());
            assertTrue(run.stderr().startsWith("threadstorm-injector: review: "), run.stderr());
            assertFalse(run.stderr().contains("Exception"), run.stderr());
        }
    }

    @Test
    void badUsageIsStatusTwo() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("inject"), List.of("serve", "--port", "x", "--cert", "a",
                "--key", "b"), List.of("review", "--verbose"))) {
            Run run = run(new byte[0], args.toArray(String[]::new));
            assertEquals(2, run.status(), args + ": " + run.stderr());
            assertEquals(1, run.stderr().lines().count(), run.stderr());
        }
        assertEquals(0, run(new byte[0], "help").status());
        assertTrue(run(new byte[0], "version").stdout().startsWith("threadstorm-injector "));
    }

    @Test
    void aKeyTheInjectorCannotReadIsOneLineAndStatusOne() throws Exception {
        TestCertificate cert = TestCertificate.write(tmp.resolve("pkcs1"), "RSA");
        Path pkcs1 = tmp.resolve("pkcs1/tls-pkcs1.key");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
        Run run = run(new byte[0], "serve", "--port", "0", "--host", "127.0.0.1", "--cert", cert.certFile().toString(),
                "--key", pkcs1.toString());
        assertEquals(1, run.status());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().contains("PKCS#1") && run.stderr().contains("PKCS8"), run.stderr());
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        TestCertificate first = TestCertificate.write(tmp.resolve("renew"), "EC");
        var json = Main.mapper();
        try (WebhookServer renewing = WebhookServer.start(new InetSocketAddress("127.0.0.1", 0), first.certFile(),
                first.keyFile(), new AdmissionReviewer(json, new PodInjector(new Wiring(Wiring.DEFAULT_IMAGE), json)),
                json, Duration.ofMillis(100))) {
            URI health = URI.create("https://127.0.0.1:" + renewing.port() + "/healthz");
            HttpClient trustsFirst = HttpClient.newBuilder().sslContext(first.trustingIt()).build();
            assertEquals(200, trustsFirst.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            TestCertificate second = TestCertificate.write(tmp.resolve("renew"), "EC"); // same files, new contents
            HttpClient trustsSecond = HttpClient.newBuilder().sslContext(second.trustingIt()).build();
            Exception failure = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean served = false;
            while (!served && System.nanoTime() < deadline) {
                try {
                    served = trustsSecond.send(HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException e) {
                    failure = e;
                    Thread.sleep(100);
                }
            }
            assertTrue(served, "the renewed certificate was never served: " + failure);
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newBuilder().sslContext(first.trustingIt()).build()
                    .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    static Run run(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        // the outputs are small: reading stdout to its end before stderr cannot fill a pipe
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the injector did not end: " + cmd);
        return new Run(p.exitValue(), out, err);
    }
}
