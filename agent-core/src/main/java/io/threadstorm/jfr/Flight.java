package io.threadstorm.jfr;

import io.threadstorm.metrics.FleetView;
import java.util.function.Supplier;

/**
 * The agent's JDK Flight Recorder events ({@code threadstorm.Surge}, {@code threadstorm.SiteStatistics}, category
 * {@code threadstorm}). A runtime without the {@code jdk.jfr} module (a jlinked image) runs without them: the JFR
 * classes are only touched once the module is known to be there. Events cost nothing while no recording runs.
 */
public final class Flight {

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    private static volatile boolean working = AVAILABLE;

    private Flight() {
    }

    /** True when this runtime has the {@code jdk.jfr} module. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Registers the periodic site statistics; false when JFR is absent or refused. Never throws. */
    public static boolean start(Supplier<FleetView> view) {
        if (!working) {
            return false;
        }
        try {
            JfrEvents.registerPeriodic(view);
            return true;
        } catch (Throwable t) {
            working = false;
            return false;
        }
    }

    /** One {@code threadstorm.Surge} event, when a recording wants it. Never throws. */
    public static void surge(String siteId, String frame, String kind, String category, double confidence, long live,
                             double growthPerMinute, String reportPath) {
        if (!working) {
            return;
        }
        try {
            JfrEvents.surge(siteId, frame, kind, category, confidence, live, growthPerMinute, reportPath);
        } catch (Throwable t) {
            working = false;
        }
    }
}
