package io.threadstorm.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A site surged and a report was written: one event per suspect of the surge report. */
@Name("threadstorm.Surge")
@Label("Thread Surge")
@Category("threadstorm")
@Description("A creation site holds the leak rule; a surge report was written")
@StackTrace(false)
final class SurgeEvent extends jdk.jfr.Event {
    @Label("Site Id")
    String siteId;
    @Label("Frame")
    String frame;
    @Label("Kind")
    String kind;
    @Label("Cause Category")
    String category;
    @Label("Confidence")
    double confidence;
    @Label("Live Threads")
    long liveThreads;
    @Label("Growth Per Minute")
    double growthPerMinute;
    @Label("Report Path")
    String reportPath;
}
