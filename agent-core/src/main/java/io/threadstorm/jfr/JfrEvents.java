package io.threadstorm.jfr;

import io.threadstorm.metrics.FleetView;
import io.threadstorm.metrics.SiteRow;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/** The only class that touches {@code jdk.jfr}: loaded by {@link Flight} once the module is known to exist. */
final class JfrEvents {

    private JfrEvents() {
    }

    static void registerPeriodic(Supplier<FleetView> view) {
        FlightRecorder.addPeriodicEvent(SiteStatisticsEvent.class, () -> {
            try {
                FleetView v = view.get();
                int rank = 1;
                for (SiteRow r : v.top()) {
                    statistics(rank++, r);
                }
                statistics(0, v.other());
            } catch (Throwable ignored) {
                // JFR's periodic thread goes on without these
            }
        });
    }

    private static void statistics(int rank, SiteRow r) {
        SiteStatisticsEvent e = new SiteStatisticsEvent();
        e.rank = rank;
        e.siteId = r.site();
        e.frame = r.frame();
        e.kind = r.kind();
        e.live = r.live();
        e.started = r.started();
        e.ended = r.ended();
        e.commit();
    }

    static void surge(String siteId, String frame, String kind, String category, double confidence, long live,
                      double growthPerMinute, String reportPath) {
        SurgeEvent e = new SurgeEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.siteId = siteId;
        e.frame = frame;
        e.kind = kind;
        e.category = category;
        e.confidence = confidence;
        e.liveThreads = live;
        e.growthPerMinute = growthPerMinute;
        e.reportPath = reportPath;
        e.commit();
    }
}
