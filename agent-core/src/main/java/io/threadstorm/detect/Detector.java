package io.threadstorm.detect;

import io.threadstorm.sample.Sample;
import io.threadstorm.sample.SiteSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leak rule, per site: at least {@code minThreads} live threads, more than {@code window} samples ago, few of
 * the threads started meanwhile ended, most of them stuck ({@code blockedRatio}) and old ({@code minAge}). Sites in
 * a deadlock are suspects whatever their size: a deadlock never resolves by itself. Keeps a short timeline per
 * site and the process's baseline thread count.
 */
public final class Detector {

    /** The rule's thresholds. */
    public record Rule(int window, int minThreads, double blockedRatio, double minAgeSeconds, double surgeFactor,
                       int learningSamples) {
    }

    /**
     * A site the rule holds for, with its growth and the share of its threads judged stuck (the sample's own ratio,
     * or the busy-only one for a site whose threads never end; see {@link #PERMANENCE_WINDOWS}).
     */
    public record Verdict(SiteSample site, double growthPerMinute, boolean deadlocked, double stuckRatio) {
    }

    private record Point(long millis, int live, long started, long ended) {
    }

    private final Rule rule;
    private final Map<Long, Deque<Point>> timelines = new HashMap<>();
    private final Set<Long> flagged = new HashSet<>();
    private final List<Integer> learning = new ArrayList<>();
    private double baseline = -1;
    private int lastLive;

    public Detector(Rule rule) {
        this.rule = rule;
    }

    /** Records the sample and returns the sites the leak rule holds for now, ranked by live threads, then growth. */
    public List<Verdict> evaluate(Sample sample) {
        lastLive = sample.liveThreads();
        learnBaseline(sample.liveThreads());
        Set<Long> present = new HashSet<>();
        List<Verdict> out = new ArrayList<>();
        for (SiteSample s : sample.sites()) {
            long id = s.site().id();
            present.add(id);
            Deque<Point> line = timelines.computeIfAbsent(id, k -> new ArrayDeque<>());
            line.addLast(new Point(sample.millis(), s.live(), s.started(), s.ended()));
            while (line.size() > PERMANENCE_WINDOWS * rule.window() + 1) {
                line.removeFirst();
            }
            Verdict v = judge(s, line);
            if (v != null) {
                flagged.add(id);
                out.add(v);
            }
        }
        timelines.keySet().retainAll(present);
        out.sort(Comparator.comparingInt((Verdict v) -> v.site().live()).reversed()
                .thenComparing(Comparator.comparingDouble(Verdict::growthPerMinute).reversed()));
        return out;
    }

    /**
     * Windows in a row over which a site must have grown, with not one of its threads ever ended, before a trickle
     * of CPU no longer counts as progress ({@link SiteSample#stuckUnlessBusy()}).
     */
    static final int PERMANENCE_WINDOWS = 2;

    /**
     * The share of the site's threads that are stuck. For a site whose threads never end and that has grown in every
     * one of the last {@value #PERMANENCE_WINDOWS} windows (threads created per call and kept), only real work
     * counts as progress: such threads often wake up on their own timers and use a little CPU, which is not serving
     * anyone. A healthy pool that grows with load either stops growing or has threads that end.
     */
    private double stuck(SiteSample s, Deque<Point> line) {
        if (s.ended() > 0 || line.size() < PERMANENCE_WINDOWS * rule.window() + 1) {
            return s.stuckRatio();
        }
        Point[] points = line.toArray(new Point[0]);
        for (int w = 0; w < PERMANENCE_WINDOWS; w++) {
            if (points[(w + 1) * rule.window()].live() <= points[w * rule.window()].live()) {
                return s.stuckRatio();
            }
        }
        return Math.max(s.stuckRatio(), s.stuckUnlessBusy());
    }

    private Verdict judge(SiteSample s, Deque<Point> line) {
        boolean deadlocked = !s.deadlocks().isEmpty();
        Point first = line.stream().skip(Math.max(0, line.size() - rule.window() - 1)).findFirst().orElseThrow();
        Point last = line.peekLast();
        double minutes = (last.millis() - first.millis()) / 60_000.0;
        double growth = minutes > 0 ? (last.live() - first.live()) / minutes : 0;
        if (deadlocked) {
            return new Verdict(s, growth, true, s.stuckRatio()); // the JVM found the cycle: it never resolves by itself
        }
        if (s.live() < rule.minThreads() || line.size() < 2) {
            return null;
        }
        long startedInWindow = last.started() - first.started();
        long endedInWindow = last.ended() - first.ended();
        boolean grew = last.live() > first.live();
        boolean fewEnded = endedInWindow <= startedInWindow / 2;
        double stuckRatio = stuck(s, line);
        boolean stuck = stuckRatio >= rule.blockedRatio();
        boolean old = s.avgAgeSeconds() >= rule.minAgeSeconds();
        return grew && fewEnded && stuck && old ? new Verdict(s, growth, false, stuckRatio) : null;
    }

    /**
     * At exit, growth is no longer required of a site flagged earlier: it still holds its stuck threads.
     * Returns the sites that are suspects now or were flagged and still look stuck.
     */
    public List<Verdict> atExit(Sample sample) {
        List<Verdict> now = evaluate(sample);
        Set<Long> named = new HashSet<>();
        now.forEach(v -> named.add(v.site().site().id()));
        List<Verdict> out = new ArrayList<>(now);
        for (SiteSample s : sample.sites()) {
            if (named.contains(s.site().id()) || !flagged.contains(s.site().id()) || s.live() < rule.minThreads()) {
                continue;
            }
            double stuck = stuck(s, timelines.getOrDefault(s.site().id(), new ArrayDeque<>()));
            if (stuck >= rule.blockedRatio()) {
                out.add(new Verdict(s, 0, !s.deadlocks().isEmpty(), stuck));
            }
        }
        out.sort(Comparator.comparingInt((Verdict v) -> v.site().live()).reversed());
        return out;
    }

    private void learnBaseline(int live) {
        if (learning.size() < rule.learningSamples()) {
            learning.add(live);
            List<Integer> sorted = new ArrayList<>(learning);
            sorted.sort(null);
            baseline = sorted.get(sorted.size() / 2);
        } else if (!surging()) {
            baseline = baseline * 0.99 + live * 0.01; // slowly, so a leak cannot teach itself as normal
        }
    }

    /** The process's normal live thread count, learned over the first samples. */
    public int baseline() {
        return (int) Math.round(Math.max(1, baseline));
    }

    /** True while live threads exceed {@code surgeFactor} times the baseline (and the baseline by minThreads). */
    public boolean surging() {
        return baseline > 0 && lastLive > Math.max(rule.surgeFactor() * baseline, baseline + rule.minThreads());
    }
}
