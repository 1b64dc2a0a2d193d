package io.threadstorm.metrics;

/**
 * One site as the metrics and JFR show it, its label values already bounded.
 *
 * @param site    the site id (16 hex digits), or {@code other}
 * @param frame   the site's frame, cut to {@link FleetView#MAX_FRAME} characters; empty for {@code other}
 * @param kind    {@code platform}, {@code virtual}, {@code executor}, {@code timer}; empty for {@code other}
 * @param live    live threads at the last sample
 * @param started threads ever started
 * @param ended   threads seen ended
 */
public record SiteRow(String site, String frame, String kind, long live, long started, long ended) {
}
