package io.threadstorm.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The agent's Prometheus metrics (docs/metrics.md), on a registry of its own: never the client's default registry,
 * which the application may use too. Every metric is built from {@link #PLAIN}, properties made in code: the
 * client's {@code PrometheusProperties.get()} would read the application's {@code prometheus.properties} and system
 * properties. Gauges and counters read the {@link FleetView} the last sample left, so a scrape walks no thread and
 * never waits for the sampler.
 */
public final class Metrics {

    /** The client's defaults, read from nothing. */
    static final PrometheusProperties PLAIN = PrometheusProperties.builder().build();

    private static final String[] TRIGGERS = {"surge", "exit", "on-demand"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = new PrometheusTextFormatWriter(false);
    private final OpenMetricsTextFormatWriter openMetrics = new OpenMetricsTextFormatWriter(false, false);
    private final Summary sampleDuration;
    private final Counter reportsWritten;
    private final Counter reportFailures;
    private volatile FleetView view = FleetView.EMPTY;

    public Metrics() {
        GaugeWithCallback.builder(PLAIN).name("threadstorm_threads_live")
                .help("Live threads by kind, as the agent counts them (virtual threads included)").labelNames("kind")
                .callback(cb -> {
                    FleetView v = view;
                    cb.call(v.platformLive(), "platform");
                    cb.call(v.virtualLive(), "virtual");
                }).register(registry);
        GaugeWithCallback.builder(PLAIN).name("threadstorm_site_threads_live")
                .help("Live threads of the top sites by live threads; every other site under site=\"other\"")
                .labelNames("site", "frame", "kind")
                .callback(cb -> rows(cb::call, SiteRow::live)).register(registry);
        CounterWithCallback.builder(PLAIN).name("threadstorm_site_threads_started_total")
                .help("Threads started at the top sites; every other site under site=\"other\"")
                .labelNames("site", "frame", "kind")
                .callback(cb -> rows(cb::call, SiteRow::started)).register(registry);
        CounterWithCallback.builder(PLAIN).name("threadstorm_site_threads_ended_total")
                .help("Threads of the top sites seen ended; every other site under site=\"other\"")
                .labelNames("site", "frame", "kind")
                .callback(cb -> rows(cb::call, SiteRow::ended)).register(registry);
        GaugeWithCallback.builder(PLAIN).name("threadstorm_suspects")
                .help("Sites that hold the leak rule now, by cause category").labelNames("category")
                .callback(cb -> {
                    FleetView v = view;
                    for (io.threadstorm.classify.Category c : io.threadstorm.classify.Category.values()) {
                        cb.call(v.suspects().getOrDefault(c.name(), 0), c.name());
                    }
                }).register(registry);
        CounterWithCallback.builder(PLAIN).name("threadstorm_sites_dropped_total")
                .help("Creations counted under the overflow site because maxSites distinct sites exist")
                .callback(cb -> cb.call(view.sitesDropped())).register(registry);
        reportsWritten = Counter.builder(PLAIN).name("threadstorm_reports_written_total")
                .help("Report files written, by trigger").labelNames("trigger").withoutExemplars().register(registry);
        for (String t : TRIGGERS) {
            reportsWritten.initLabelValues(t);
        }
        reportFailures = Counter.builder(PLAIN).name("threadstorm_report_failures_total")
                .help("Reports that could not be written").withoutExemplars().register(registry);
        sampleDuration = Summary.builder(PLAIN).name("threadstorm_sample_duration_seconds").unit(Unit.SECONDS)
                .help("Time one sample of the live threads took").quantile(0.5, 0.05).quantile(0.99, 0.005)
                .withoutExemplars().register(registry);
    }

    private interface Row {
        void call(double value, String... labels);
    }

    private void rows(Row cb, java.util.function.ToLongFunction<SiteRow> value) {
        FleetView v = view;
        for (SiteRow r : v.top()) {
            cb.call(value.applyAsLong(r), r.site(), r.frame(), r.kind());
        }
        SiteRow o = v.other();
        cb.call(value.applyAsLong(o), o.site(), o.frame(), o.kind());
    }

    /** After each sample, on the sampler's thread: what scrapes show until the next one. */
    public void sampled(FleetView next, long durationNanos) {
        view = next;
        sampleDuration.observe(durationNanos / 1e9);
    }

    /** The view of the last sample. */
    public FleetView view() {
        return view;
    }

    public void reportWritten(String trigger) {
        reportsWritten.labelValues(trigger).inc();
    }

    public void reportFailed() {
        reportFailures.inc();
    }

    /** The content type a scrape answers for this {@code Accept} header. */
    public String contentType(String accept) {
        return openMetrics(accept) ? openMetrics.getContentType() : text.getContentType();
    }

    /** A scrape: OpenMetrics text when {@code accept} asks for it, else the Prometheus text format. */
    public byte[] scrape(String accept) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            if (openMetrics(accept)) {
                openMetrics.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
            } else {
                text.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean openMetrics(String accept) {
        return accept != null && accept.contains("application/openmetrics-text");
    }
}
