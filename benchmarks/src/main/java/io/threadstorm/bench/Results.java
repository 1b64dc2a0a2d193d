package io.threadstorm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The Markdown the run writes: the header and per-row sections go straight into {@link #md}; the summary table, the
 * comparisons, allocations, per-fork table and notes are collected from every row and laid out at the end.
 */
final class Results {

    final StringBuilder md = new StringBuilder();
    final List<String> summary = new ArrayList<>();
    final List<String> comparisons = new ArrayList<>();
    final List<String> allocations = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> forkTable = new ArrayList<>();

    /** One line of the summary table. */
    static String row(String title, String unit, String none, String agent, String ratio, String target,
                   String verdict) {
    return "| " + title + " | " + unit + " | " + none + " | " + agent + " | " + ratio + " | " + target + " | "
            + verdict + " |";
    }

    /** Lays out the collected tables after the rows' own sections; returns the whole document. */
    String finish(int jdk, String loadAverage, long seconds) {
    md.append("\n## Results, JDK ").append(jdk).append("\n\n");
    md.append("| hot path | measure | no agent | agent | agent / no agent | target | verdict |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    summary.forEach(l -> md.append(l).append('\n'));
    if (!comparisons.isEmpty()) {
        md.append("\n### Comparisons (same run, same forks rotation)\n\n");
        md.append("| hot path | variant | score | no agent | variant / no agent |\n|---|---|---|---|---|\n");
        comparisons.forEach(l -> md.append(l).append('\n'));
    }
    if (!allocations.isEmpty()) {
        md.append("\n### Allocation and GC per op (JMH `-prof gc`, mean over all forks)\n\n");
        md.append("| hot path | variant | alloc B/op | gc count (per fork) | gc time ms (per fork) |\n|---|---|---|---|---|\n");
        allocations.forEach(l -> md.append(l).append('\n'));
    }
    if (!forkTable.isEmpty()) {
        md.append("\n### Per-fork means, in run order per variant (other processes' CPU use during each fork)\n\n");
        md.append("| hot path | forks | ratio of the medians of fork means (robust to one odd fork) | paired by"
                + " round: geometric mean of each round's fork ratio, 95% interval (cancels drift between rounds)"
                + " |\n|---|---|---|---|\n");
        forkTable.forEach(l -> md.append(l).append('\n'));
    }
    if (!notes.isEmpty()) {
        md.append("\n### Notes\n\n");
        notes.forEach(l -> md.append("- ").append(l).append('\n'));
    }
        md.append("\nLoad average at the end: ").append(loadAverage).append("; total time ").append(seconds)
                .append(" s.\n");
        return md.toString();
    }
}
