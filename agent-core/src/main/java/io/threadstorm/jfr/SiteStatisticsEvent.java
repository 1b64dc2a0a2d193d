package io.threadstorm.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** Each period, one event per top site (and one for all other sites): as the last sample counted them. */
@Name("threadstorm.SiteStatistics")
@Label("Thread Site Statistics")
@Category("threadstorm")
@Description("Live, started and ended threads of the top creation sites at the last sample")
@Period("10 s")
@StackTrace(false)
final class SiteStatisticsEvent extends jdk.jfr.Event {
    @Label("Rank")
    int rank;
    @Label("Site Id")
    String siteId;
    @Label("Frame")
    String frame;
    @Label("Kind")
    String kind;
    @Label("Live Threads")
    long live;
    @Label("Started Threads")
    long started;
    @Label("Ended Threads")
    long ended;
}
