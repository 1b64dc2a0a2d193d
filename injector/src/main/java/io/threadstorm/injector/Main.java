package io.threadstorm.injector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar threadstorm-injector.jar review|serve|version|help}. Errors are one line on stderr; the exit
 * status is 2 for bad usage and 1 for failures.
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: java -jar threadstorm-injector.jar <command>",
            "  review [--image IMAGE]                 read one AdmissionReview (v1) on stdin, print the webhook's response",
            "  serve --port PORT --cert FILE --key FILE [--host HOST] [--image IMAGE]",
            "                                         serve the webhook over HTTPS: POST /mutate, GET /healthz",
            "  version | help",
            "--image is the init image holding the agent (default " + Wiring.DEFAULT_IMAGE + ");",
            "a pod's threadstorm.io/image annotation overrides it.");

    /** Bad usage: exit status 2. */
    static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message, null, false, false);
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, java.io.InputStream stdin, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new Usage("no command given; try help");
            }
            String command = args[0];
            List<String> rest = List.of(args).subList(1, args.length);
            switch (command) {
                case "review" -> {
                    return review(flags(rest, Set.of("--image"), List.of()), stdin, out, err);
                }
                case "serve" -> {
                    return serve(flags(rest, Set.of("--port", "--cert", "--key", "--host", "--image"),
                            List.of("--port", "--cert", "--key")), err);
                }
                case "version", "--version" -> {
                    out.println("threadstorm-injector " + Wiring.version());
                    return 0;
                }
                case "help", "--help", "-h" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new Usage("unknown command '" + command + "'; expected review, serve, version or help");
            }
        } catch (Usage e) {
            err.println("threadstorm-injector: " + e.getMessage());
            return 2;
        }
    }

    private static int review(Map<String, String> flags, java.io.InputStream stdin, PrintStream out, PrintStream err) {
        ObjectMapper json = mapper();
        AdmissionReviewer reviewer = new AdmissionReviewer(json, new PodInjector(wiring(flags), json));
        try {
            AdmissionReviewer.Answer answer = reviewer.answer(stdin.readAllBytes());
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer.review()));
            err.println("threadstorm-injector: " + answer.reason());
            return 0;
        } catch (AdmissionReviewer.BadReview e) {
            err.println("threadstorm-injector: review: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("threadstorm-injector: review: cannot read stdin: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("threadstorm-injector: review: failed: " + e);
            return 1;
        }
    }

    private static int serve(Map<String, String> flags, PrintStream err) throws Usage {
        int port;
        try {
            port = Integer.parseInt(flags.get("--port"));
        } catch (NumberFormatException e) {
            throw new Usage("--port must be a number from 0 to 65535, not '" + flags.get("--port") + "'");
        }
        if (port < 0 || port > 65535) {
            throw new Usage("--port must be a number from 0 to 65535, not '" + port + "'");
        }
        Path cert = Path.of(flags.get("--cert"));
        Path key = Path.of(flags.get("--key"));
        for (Path p : List.of(cert, key)) {
            if (!Files.isReadable(p)) {
                err.println("threadstorm-injector: serve: cannot read " + p);
                return 1;
            }
        }
        ObjectMapper json = mapper();
        AdmissionReviewer reviewer = new AdmissionReviewer(json, new PodInjector(wiring(flags), json));
        String host = flags.getOrDefault("--host", "0.0.0.0");
        // the API server gives up after timeoutSeconds (5 in the manifests); a stalled client must not hold a worker
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxRspTime", "10");
        try {
            WebhookServer server = WebhookServer.start(new InetSocketAddress(host, port), cert, key, reviewer, json,
                    WebhookServer.RELOAD_CHECK);
            err.println("threadstorm-injector: serving https://" + host + ":" + server.port() + "/mutate and /healthz");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "injector-shutdown"));
            Thread.currentThread().join();
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            err.println("threadstorm-injector: serve: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static Wiring wiring(Map<String, String> flags) {
        return new Wiring(flags.getOrDefault("--image", Wiring.DEFAULT_IMAGE));
    }

    static Map<String, String> flags(List<String> args, Set<String> known, List<String> required) throws Usage {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!known.contains(name)) {
                throw new Usage("unknown argument '" + arg + "'; expected " + String.join(", ", known.stream().sorted().toList()));
            }
            if (value == null || value.isEmpty()) {
                throw new Usage(name + " needs a value");
            }
            out.put(name, value);
        }
        for (String r : required) {
            if (!out.containsKey(r)) {
                throw new Usage("missing " + r + "; " + USAGE.lines().filter(l -> l.contains("serve")).findFirst().orElse("").trim());
            }
        }
        return out;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
