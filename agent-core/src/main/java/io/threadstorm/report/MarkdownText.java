package io.threadstorm.report;

import java.util.List;
import java.util.Locale;

/**
 * The Markdown building blocks of a rendered report: escaping for table cells, code spans and fenced blocks that
 * survive any content, and the numbers a person reads (durations, percentages).
 */
final class MarkdownText {

    private MarkdownText() {
    }

    /**
     * Free text (a verdict, evidence, a fix) on one line. Only what GitHub would swallow is escaped: an HTML-looking
     * {@code <init>} would vanish, so {@code <} is escaped; the rest stays readable in a terminal.
     */
    static String inline(String text) {
        if (text == null) {
            return "";
        }
        return oneLine(text).replace("<", "\\<");
    }

    /** Plain text in a table cell: pipes would end the cell, backticks would open a code span. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        return oneLine(text).replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`");
    }

    /** A code span for a frame or a thread name, whatever backticks it contains. */
    static String code(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String content = oneLine(text);
        String ticks = "`".repeat(longestRun(content, '`') + 1);
        // A span that starts or ends with a backtick needs a space so the delimiter stays distinct.
        boolean pad = content.startsWith("`") || content.endsWith("`");
        return ticks + (pad ? " " : "") + content + (pad ? " " : "") + ticks;
    }

    /**
     * A code span inside a table cell: GitHub splits cells on {@code |} before it reads code spans, so pipes are
     * escaped even there (GitHub then shows them unescaped).
     */
    static String codeCell(String text) {
        return code(text).replace("|", "\\|");
    }

    /** A fenced code block of {@code lines}, the fence longer than any backtick run inside. */
    static void codeBlock(StringBuilder out, List<String> lines) {
        int longest = 0;
        for (String line : lines) {
            longest = Math.max(longest, longestRun(line, '`'));
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        out.append(fence).append('\n');
        for (String line : lines) {
            out.append(line).append('\n');
        }
        out.append(fence).append('\n');
    }

    /** {@code 0.9s}, {@code 51s}, {@code 1m 32s}, {@code 2h 05m}; {@code ?} for the -1 of an unknown age. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, s % 86_400 / 3600);
    }

    /** {@code 0.67} as {@code 67%}. */
    static String percent(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "?";
        }
        return Math.round(ratio * 100) + "%";
    }

    /** One decimal, the same in every locale. */
    static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String plural(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
