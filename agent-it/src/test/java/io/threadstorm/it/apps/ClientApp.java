package io.threadstorm.it.apps;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;

/**
 * An application with its own Prometheus Java client 1.x: registers a counter on the default registry and prints
 * its own scrape. With {@code stay} it then runs until killed.
 */
public final class ClientApp {

    private ClientApp() {
    }

    public static void main(String[] args) throws Exception {
        Counter requests = Counter.builder().name("app_requests_total").help("Requests served").register();
        requests.inc(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusRegistry.defaultRegistry.scrape());
        System.out.print(out);
        System.out.println("scraped");
        if (args.length > 0 && args[0].equals("stay")) {
            Thread.sleep(120_000);
        }
    }
}
