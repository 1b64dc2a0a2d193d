package io.threadstorm.endpoint;

import io.threadstorm.metrics.Metrics;
import io.threadstorm.record.Tracker;
import io.threadstorm.report.MarkdownRenderer;
import io.threadstorm.report.ReportFormatException;
import io.threadstorm.report.ReportJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The live endpoint's paths: {@code /threads} (snapshot JSON; {@code ?format=text} a jstack-like text with each
 * thread's creation, {@code &group=site} grouped by site), {@code /snapshot} (alias), {@code /report} (a fresh
 * on-demand report), {@code /metrics} (Prometheus text, or OpenMetrics by {@code Accept}).
 */
public final class Endpoints {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private Endpoints() {
    }

    /** Starts the endpoint; returns the bound address, e.g. {@code 127.0.0.1:9405}. */
    public static String start(String hostPort, Tracker tracker, Supplier<String> snapshot, Supplier<String> report,
                               Metrics metrics) throws IOException {
        return HttpEndpoint.start(hostPort, routes(tracker, snapshot, report, metrics)).address();
    }

    static Routes routes(Tracker tracker, Supplier<String> snapshot, Supplier<String> report, Metrics metrics) {
        Routes routes = new Routes();
        routes.get("/", r -> Response.text(200, "threadstorm: GET /threads, /threads?format=text[&group=site],"
                + " /snapshot, /report[?format=markdown], /metrics\n"));
        routes.get("/threads", r -> threads(r, tracker, snapshot));
        routes.get("/snapshot", r -> json(snapshot));
        routes.get("/report", r -> {
            Response json = json(report);
            if (json.status() != 200 || !"markdown".equals(r.query().get("format"))) {
                return json;
            }
            try {
                String md = new MarkdownRenderer().render(ReportJson.read(new String(json.body(),
                        StandardCharsets.UTF_8)));
                return Response.ok("text/markdown; charset=utf-8", md.getBytes(StandardCharsets.UTF_8));
            } catch (ReportFormatException e) {
                return Response.text(500, "threadstorm: " + e.getMessage() + "\n");
            }
        });
        routes.get("/metrics", r -> {
            String accept = r.header("accept");
            return Response.ok(metrics.contentType(accept), metrics.scrape(accept));
        });
        return routes;
    }

    private static Response threads(Request r, Tracker tracker, Supplier<String> snapshot) {
        String format = r.query().getOrDefault("format", "json");
        String group = r.query().getOrDefault("group", "");
        if (format.equals("json") && group.isEmpty()) {
            return json(snapshot);
        }
        if (!format.equals("text") || !(group.isEmpty() || group.equals("site"))) {
            return Response.text(400, "threadstorm: /threads takes format=json or format=text, and group=site"
                    + " with format=text\n");
        }
        String text = group.isEmpty() ? ThreadsText.all(tracker) : ThreadsText.bySite(tracker);
        return Response.ok(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Response json(Supplier<String> json) {
        return Response.ok(JSON, json.get().getBytes(StandardCharsets.UTF_8));
    }
}
