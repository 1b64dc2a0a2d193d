package io.threadstorm.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The endpoint's paths, matched exactly: {@code /snapshotx}, {@code /snapshot/extra} or
 * {@code /snapshot/../../etc/passwd} are not {@code /snapshot} and get 404. Only {@code GET} is served; any other
 * method on a known path gets 405.
 */
public final class Routes {

    private final Map<String, Function<Request, Response>> byPath = new LinkedHashMap<>();

    /** Serves {@code path} with {@code handler}; returns this. */
    public Routes get(String path, Function<Request, Response> handler) {
        byPath.put(path, handler);
        return this;
    }

    /** The paths served, in the order they were added. */
    public Iterable<String> paths() {
        return byPath.keySet();
    }

    Response answer(Request request) {
        Function<Request, Response> handler = byPath.get(request.path());
        if (handler == null) {
            return Response.text(404, "threadstorm: no such path; GET " + String.join(", ", byPath.keySet()) + "\n");
        }
        if (!request.method().equals("GET")) {
            return new Response(405, "text/plain; charset=utf-8", "threadstorm: only GET\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), "GET");
        }
        return handler.apply(request);
    }
}
