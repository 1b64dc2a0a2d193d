package io.threadstorm.report;

import static io.threadstorm.report.MarkdownText.cell;
import static io.threadstorm.report.MarkdownText.code;
import static io.threadstorm.report.MarkdownText.codeBlock;
import static io.threadstorm.report.MarkdownText.codeCell;
import static io.threadstorm.report.MarkdownText.decimal;
import static io.threadstorm.report.MarkdownText.duration;
import static io.threadstorm.report.MarkdownText.inline;
import static io.threadstorm.report.MarkdownText.percent;
import static io.threadstorm.report.MarkdownText.plural;

import io.threadstorm.classify.Cause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Renders a {@link Report} as Markdown a person reads top-down: the verdict, the process, a table of suspects, then
 * for each suspect where its threads come from, why they do not end, what to fix and a few example threads; in an
 * exit report, the other threads still alive. Plain enough to read in a terminal, structured for GitHub.
 *
 * <p>Never fails on a partial report: a missing part is left out or shown as {@code ?}.
 */
public final class MarkdownRenderer {

    /** Creation stacks: enough to see the call path into the application. */
    static final int CREATION_FRAMES = 15;
    /** Example stacks: the top shows where the thread waits. */
    static final int EXAMPLE_FRAMES = 8;
    static final int EXAMPLES = 3;

    private static final String NO_LEAK = "No thread leak found";

    /** Renders {@code report}; the text ends with a newline. */
    public String render(Report report) {
        Objects.requireNonNull(report, "report");
        StringBuilder out = new StringBuilder(4096);
        out.append("# threadstorm report\n\n");
        Report.Summary summary = report.summary();
        String verdict = summary == null || summary.verdict() == null || summary.verdict().isBlank()
                ? (report.suspects().isEmpty() ? NO_LEAK + "." : "Thread leak suspects found.")
                : summary.verdict();
        out.append("**").append(inline(verdict)).append("**\n\n");
        out.append(context(report)).append("\n\n");

        out.append("## Suspects\n\n");
        if (report.suspects().isEmpty()) {
            // The verdict usually says it already; then the section only gives the reason.
            String reason = "no creation site holds enough live threads that keep growing, are mostly blocked "
                    + "and are old.";
            out.append(verdict.startsWith(NO_LEAK) ? "None: " : NO_LEAK + ": ").append(reason).append('\n');
        } else {
            suspectTable(out, report.suspects());
            for (Report.Suspect suspect : report.suspects()) {
                out.append('\n');
                suspectSection(out, suspect);
            }
        }
        if (!report.aliveAtExit().isEmpty()) {
            out.append('\n');
            aliveAtExit(out, report.aliveAtExit());
        }
        return out.toString();
    }

    /** Trigger, time, pid, Java, uptime, live threads, baseline: one line. */
    private static String context(Report report) {
        List<String> parts = new ArrayList<>();
        parts.add(triggerLabel(report.trigger())
                + (report.createdAt() == null ? "" : " at " + report.createdAt()));
        Report.Jvm jvm = report.jvm();
        if (jvm != null) {
            parts.add("pid " + (jvm.pid() < 0 ? "?" : String.valueOf(jvm.pid())));
            parts.add("Java " + orQuestion(jvm.javaVersion()));
            parts.add("up " + duration(jvm.uptimeSeconds()));
        }
        Report.Summary s = report.summary();
        if (s != null) {
            parts.add(plural(s.liveThreads(), "live thread", "live threads")
                    + (s.virtualThreads() > 0 ? " (" + s.virtualThreads() + " virtual)" : ""));
            parts.add("baseline " + s.baseline());
            if (s.filteredSystemThreads() > 0) {
                parts.add(s.filteredSystemThreads() + " JVM/agent threads not analyzed");
            }
        }
        return inline(String.join(", ", parts)) + ".";
    }

    /** {@code surge} as {@code Surge report}. */
    private static String triggerLabel(String trigger) {
        if (trigger == null || trigger.isBlank()) {
            return "Report";
        }
        return trigger.substring(0, 1).toUpperCase(Locale.ROOT) + trigger.substring(1) + " report";
    }

    private static void suspectTable(StringBuilder out, List<Report.Suspect> suspects) {
        out.append("| # | Category | Live | Growth/min | Blocked | Avg age | Site |\n");
        out.append("|--:|:--|--:|--:|--:|--:|:--|\n");
        for (Report.Suspect s : suspects) {
            out.append("| ").append(s.rank())
                    .append(" | ").append(cell(category(s.cause())))
                    .append(" | ").append(s.live())
                    .append(" | ").append(decimal(s.growthPerMinute()))
                    .append(" | ").append(percent(s.blockedRatio()))
                    .append(" | ").append(s.ageSeconds() == null ? "?" : duration(s.ageSeconds().avg()))
                    .append(" | ").append(siteCell(s.site()))
                    .append(" |\n");
        }
    }

    /** A heap proof's verdict on a suspect (docs/heap-proof.md). */
    private static void proof(StringBuilder out, Report.Proof p) {
        out.append("**Proof:** ");
        if (p.proven()) {
            out.append("proven: ").append(p.provenThreads()).append(" of ").append(p.threads())
                    .append(" waiting threads can never be woken");
            if (p.waker() != null) {
                out.append("; they wait on ").append(code(p.waker().className())).append(' ')
                        .append(code(p.waker().identity())).append(", reachable only from the waiting threads");
            }
        } else {
            out.append("not proven");
        }
        if (p.reason() != null) {
            out.append(p.proven() ? "; the others: " : ": ").append(inline(p.reason()));
        }
        out.append("\n\n");
        if (!p.path().isEmpty()) {
            out.append("Path from a live root: ").append(code(String.join(" → ", p.path()))).append("\n\n");
        }
    }

    private static void suspectSection(StringBuilder out, Report.Suspect s) {
        Report.Site site = s.site();
        out.append("## ").append(s.rank()).append(". ").append(category(s.cause()));
        if (site != null && site.frame() != null) {
            out.append(" at ").append(code(site.frame()));
        }
        out.append("\n\n");

        out.append(plural(s.live(), "live thread", "live threads"))
                .append(" (").append(s.started()).append(" started, ").append(s.ended()).append(" ended), ")
                .append("growing ").append(decimal(s.growthPerMinute())).append("/min; ")
                .append(percent(s.blockedRatio())).append(" blocked");
        String states = states(s.states());
        if (!states.isEmpty()) {
            out.append(" (").append(states).append(')');
        }
        if (s.ageSeconds() != null) {
            out.append("; age avg ").append(duration(s.ageSeconds().avg()))
                    .append(", max ").append(duration(s.ageSeconds().max()));
        }
        out.append(".\n\n");

        if (site != null) {
            out.append("**Site:** ").append(site.frame() == null ? "?" : code(site.frame()))
                    .append(", kind ").append(inline(orQuestion(site.kind())));
            if (site.id() != null) {
                out.append(", id ").append(code(site.id()));
            }
            out.append("\n\n");
            if (!site.stack().isEmpty()) {
                out.append("Created at:\n\n");
                stack(out, site.stack(), CREATION_FRAMES);
                out.append('\n');
            }
        }

        if (s.proof() != null) {
            proof(out, s.proof());
        }
        Cause cause = s.cause();
        if (cause == null) {
            out.append("**Cause:** not classified.\n");
        } else {
            out.append("**Cause:** ").append(category(cause))
                    .append(", confidence ").append(String.format(Locale.ROOT, "%.2f", cause.confidence()));
            if (cause.waitingAt() != null && !cause.waitingAt().isBlank()) {
                out.append(", waiting at ").append(code(cause.waitingAt()));
            }
            out.append("\n\n");
            if (!cause.evidence().isEmpty()) {
                out.append("**Evidence:**\n\n");
                for (String line : cause.evidence()) {
                    out.append("- ").append(inline(line)).append('\n');
                }
                out.append('\n');
            }
            if (cause.fix() != null && !cause.fix().isBlank()) {
                out.append("**Fix:** ").append(inline(cause.fix())).append('\n');
            }
        }
        examples(out, s.examples(), s.live());
    }

    private static void examples(StringBuilder out, List<Report.ExampleThread> examples, int live) {
        if (examples.isEmpty()) {
            return;
        }
        int shown = Math.min(EXAMPLES, examples.size());
        out.append("\n**Example threads** (").append(shown).append(" of ").append(Math.max(live, shown))
                .append("):\n");
        for (Report.ExampleThread t : examples.subList(0, shown)) {
            out.append('\n').append(t.name() == null ? "?" : code(t.name()))
                    .append(" (id ").append(t.id()).append("), ").append(inline(orQuestion(t.state())))
                    .append(", age ").append(duration(t.ageSeconds())).append('\n');
            if (!t.stack().isEmpty()) {
                out.append('\n');
                stack(out, t.stack(), EXAMPLE_FRAMES);
            }
        }
    }

    private static void aliveAtExit(StringBuilder out, List<Report.AliveGroup> groups) {
        long threads = groups.stream().mapToLong(Report.AliveGroup::live).sum();
        out.append("## Still alive at exit\n\n")
                .append(plural(threads, "thread", "threads")).append(" from ")
                .append(plural(groups.size(), "site", "sites"))
                .append(" were still running when the JVM exited; they did not meet the leak rule.\n\n");
        out.append("| Live | Kind | States | Site | Example |\n");
        out.append("|--:|:--|:--|:--|:--|\n");
        for (Report.AliveGroup g : groups) {
            Report.Site site = g.site();
            String example = g.examples().isEmpty() || g.examples().get(0).name() == null
                    ? "" : codeCell(g.examples().get(0).name());
            out.append("| ").append(g.live())
                    .append(" | ").append(cell(site == null ? "?" : orQuestion(site.kind())))
                    .append(" | ").append(cell(states(g.states())))
                    .append(" | ").append(siteCell(site))
                    .append(" | ").append(example)
                    .append(" |\n");
        }
    }

    /** {@code at frame} lines like a Java stack trace, cut at {@code max} with a count of the rest. */
    private static void stack(StringBuilder out, List<String> frames, int max) {
        List<String> lines = new ArrayList<>();
        for (String frame : frames.subList(0, Math.min(max, frames.size()))) {
            lines.add("at " + frame);
        }
        if (frames.size() > max) {
            lines.add("... " + (frames.size() - max) + " more");
        }
        codeBlock(out, lines);
    }

    private static String siteCell(Report.Site site) {
        return site == null || site.frame() == null ? "?" : codeCell(site.frame());
    }

    private static String category(Cause cause) {
        return cause == null || cause.category() == null ? "UNKNOWN" : cause.category().name();
    }

    /** {@code WAITING 370, TIMED_WAITING 2}: most common first. */
    private static String states(Map<String, Integer> states) {
        if (states == null || states.isEmpty()) {
            return "";
        }
        return states.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String orQuestion(String text) {
        return text == null || text.isBlank() ? "?" : text;
    }
}
