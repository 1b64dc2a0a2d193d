package io.threadstorm.it.apps;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;

/**
 * An application with its own Prometheus simpleclient (0.16): registers a counter on the default registry and
 * prints its own scrape. With {@code stay} it then runs until killed.
 */
public final class SimpleclientApp {

    private SimpleclientApp() {
    }

    public static void main(String[] args) throws Exception {
        Counter requests = Counter.build().name("app_requests_total").help("Requests served").register();
        requests.inc(3);
        StringWriter out = new StringWriter();
        TextFormat.write004(out, CollectorRegistry.defaultRegistry.metricFamilySamples());
        System.out.print(out);
        System.out.println("scraped");
        if (args.length > 0 && args[0].equals("stay")) {
            Thread.sleep(120_000);
        }
    }
}
