package io.threadstorm.metrics;

import io.threadstorm.record.Site;
import io.threadstorm.record.SiteTable;
import io.threadstorm.sample.Sample;
import io.threadstorm.sample.SiteSample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the last sample computed, in the shape the fleet's surfaces show it: live threads by kind, the top sites by
 * live threads with every other site summed in one row, suspects by cause category. Built on the sampler's thread
 * once per sample, so that a scrape or a JFR period only reads it.
 *
 * @param platformLive live platform threads
 * @param virtualLive  live virtual threads the agent tracks
 * @param top          the top sites by live threads, largest first
 * @param other        every other thread site summed
 * @param suspects     sites that hold the leak rule now, by cause category name
 * @param sitesDropped creations counted under the overflow site since {@code maxSites} was reached
 */
public record FleetView(long platformLive, long virtualLive, List<SiteRow> top, SiteRow other,
                        Map<String, Integer> suspects, long sitesDropped) {

    /** Label values longer than this are cut (a frame of a long generated class name). */
    public static final int MAX_FRAME = 160;

    /** Before the first sample. */
    public static final FleetView EMPTY = new FleetView(0, 0, List.of(), new SiteRow("other", "", "", 0, 0, 0),
            Map.of(), 0);

    /**
     * The view of one sample.
     *
     * @param sample   the sample
     * @param sites    every site there is (its thread sites' counters make the {@code other} row)
     * @param topSites how many sites get their own row
     * @param suspects suspects by category name
     */
    public static FleetView of(Sample sample, SiteTable sites, int topSites, Map<String, Integer> suspects) {
        List<SiteSample> ranked = new ArrayList<>(sample.sites().size());
        for (SiteSample s : sample.sites()) {
            if (s.site().kind().threads()) {
                ranked.add(s);
            }
        }
        Comparator<SiteSample> byLive = Comparator.comparingInt(SiteSample::live).reversed();
        // a partial selection would do, but a sort of 10,000 rows once per sample costs about a millisecond
        ranked.sort(byLive.thenComparing(s -> s.site().id()));
        List<SiteRow> top = new ArrayList<>(Math.min(topSites, ranked.size()));
        Set<Long> shown = new HashSet<>();
        long topStarted = 0;
        long topEnded = 0;
        for (int i = 0; i < Math.min(topSites, ranked.size()); i++) {
            SiteSample s = ranked.get(i);
            Site site = s.site();
            top.add(new SiteRow(site.idText(), cut(site.frame()), site.kind().label(), s.live(), s.started(),
                    s.ended()));
            shown.add(site.id());
            topStarted += s.started();
            topEnded += s.ended();
        }
        long otherLive = 0;
        for (int i = top.size(); i < ranked.size(); i++) {
            otherLive += ranked.get(i).live();
        }
        long started = 0;
        long ended = 0;
        long dropped = 0;
        Collection<Site> all = sites.all();
        for (Site site : all) {
            if (SiteTable.OVERFLOW_FRAME.equals(site.frame())) {
                dropped += site.started();
            }
            if (site.kind().threads()) {
                started += site.started();
                ended += site.ended();
            }
        }
        SiteRow other = new SiteRow("other", "", "", otherLive, Math.max(0, started - topStarted),
                Math.max(0, ended - topEnded));
        return new FleetView(sample.liveThreads() - sample.virtualThreads(), sample.virtualThreads(), List.copyOf(top),
                other, Map.copyOf(suspects), dropped);
    }

    static String cut(String frame) {
        return frame.length() <= MAX_FRAME ? frame : frame.substring(0, MAX_FRAME - 3) + "...";
    }
}
