package io.threadstorm.report;

import java.io.IOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes reports into the report directory: {@code threadstorm-<yyyyMMdd-HHmmss>-<pid>-<seq>-<trigger>.json} and the
 * Markdown rendering beside it as {@code .md}, each written to a temporary file and renamed, so a reader never sees
 * a half-written report under its final name. Keeps at most {@code maxReports} reports, and at most {@code maxBytes}
 * bytes of them, deleting the oldest; a report other than the exit report leaves room for one more of its size, so
 * that the exit report still fits in a directory on a small volume.
 *
 * <p>It never throws into the caller, which may be the host application's shutdown: a failure (unwritable
 * directory, full disk) yields an empty result and {@link #lastFailure()} says why in one line. Safe for concurrent
 * use, also by several processes sharing one directory.
 */
public final class ReportFiles {

    /** Reports kept in the directory unless configured otherwise. */
    public static final int DEFAULT_MAX_REPORTS = 100;

    /** {@code pid} for "this process", read when the first report is named. */
    public static final long THIS_PROCESS = -1;

    /**
     * The name formats, made when the first report is named rather than when the agent starts: the date formatter
     * alone loads about a hundred classes, on the application's start-up.
     */
    private static final class Names {
        static final Pattern REPORT_NAME =
                Pattern.compile("threadstorm-(\\d{8}-\\d{6})-(\\d{1,18})-(\\d{1,9})-([a-z0-9-]+)\\.(json|md)");
        /** UTC, like {@code createdAt}: local time would repeat an hour at the end of daylight saving. */
        static final DateTimeFormatter STAMP =
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    private static final String TEMP_PREFIX = ".threadstorm-";
    /** Temporary files of the exit snapshot written by versions before 0.1: {@code .snapshot<random>.tmp}. */
    private static final String OLD_SNAPSHOT_TEMP_PREFIX = ".snapshot";
    private static final String TEMP_SUFFIX = ".tmp";
    /** A temporary file this old was left by a process killed while writing (a shutdown cut short). */
    private static final Duration STALE_TEMP = Duration.ofMinutes(10);
    /** An empty temporary file this old was left by a writer that failed before its first byte. */
    private static final Duration STALE_EMPTY_TEMP = Duration.ofSeconds(10);
    /** The room a report other than the exit report leaves at least, in bytes. */
    static final long EXIT_ROOM = 64 << 10;

    private final Path dir;
    private final int maxReports;
    private final long maxBytes;
    private volatile long pid;
    private final Clock clock;
    private final AtomicInteger seq = new AtomicInteger(1);
    private volatile MarkdownRenderer renderer;
    private volatile String lastFailure;

    /**
     * @param dir        the report directory, created when missing
     * @param maxReports reports (JSON and Markdown pairs) to keep, at least 1
     * @param pid        the process id in the file names, or {@link #THIS_PROCESS}
     * @param clock      the time in the file names and the age of stale temporary files
     */
    public ReportFiles(Path dir, int maxReports, long pid, Clock clock) {
        this(dir, maxReports, Long.MAX_VALUE, pid, clock);
    }

    /**
     * @param maxBytes bytes all reports (JSON and Markdown) may take together, at least {@value #EXIT_ROOM} times 2
     * @see #ReportFiles(Path, int, long, Clock)
     */
    public ReportFiles(Path dir, int maxReports, long maxBytes, long pid, Clock clock) {
        if (maxReports < 1) {
            throw new IllegalArgumentException("maxReports must be at least 1, was " + maxReports);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.maxReports = maxReports;
        this.maxBytes = maxBytes;
        this.pid = pid;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This process, the system clock, {@value #DEFAULT_MAX_REPORTS} reports. */
    public ReportFiles(Path dir) {
        this(dir, DEFAULT_MAX_REPORTS, THIS_PROCESS, Clock.systemUTC());
    }

    /** The report directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Writes the report's JSON and Markdown files, first deleting the oldest reports so that at most
     * {@code maxReports} remain with this one.
     *
     * @return the JSON file, or empty when the report could not be written ({@link #lastFailure()} says why); never
     *         throws
     */
    public Optional<Path> write(Report report) {
        String stem = "report";
        try {
            Objects.requireNonNull(report, "report");
            stem = stem(report.trigger());
            Path json = dir.resolve(stem + ".json");
            Path markdown = dir.resolve(stem + ".md");
            // Both renderings before any file: a rendering bug leaves nothing behind.
            byte[] jsonBytes = utf8(ReportJson.write(report) + "\n");
            byte[] markdownBytes = utf8(renderer().render(report));
            long size = jsonBytes.length + markdownBytes.length;
            // The exit report may use the whole budget; any other leaves room for one more of its size.
            long budget = "exit".equals(report.trigger()) ? maxBytes
                    : maxBytes - Math.min(maxBytes / 2, Math.max(EXIT_ROOM, size));
            if (size > budget) {
                throw new IOException("the report's " + size + " bytes exceed maxReportBytes (" + maxBytes + ")");
            }
            Files.createDirectories(dir);
            // Room first, so a nearly full disk can still take the newest report.
            int kept = prune(maxReports - 1, budget - size);
            try {
                writeBoth(markdown, markdownBytes, json, jsonBytes);
            } catch (IOException e) {
                // a full volume: the newest report matters more than the oldest one
                if (kept == 0 || prune(kept - 1, budget - size) == kept) {
                    throw e;
                }
                writeBoth(markdown, markdownBytes, json, jsonBytes);
            }
            return Optional.of(json);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError too: a broken agent jar (Jackson missing) must not fail the host's shutdown hook.
            lastFailure = "cannot write " + stem + ".json to " + dir + ": " + describe(e);
            return Optional.empty();
        }
    }

    /**
     * Writes {@code content} to {@code name} in the report directory, atomically like a report (the exit snapshot).
     *
     * @return the file, or empty when it could not be written ({@link #lastFailure()} says why); never throws
     */
    public Optional<Path> writeFile(String name, String content) {
        try {
            Files.createDirectories(dir);
            prune(Integer.MAX_VALUE, Long.MAX_VALUE); // stale temporary files only
            Path file = dir.resolve(name);
            writeAtomically(file, utf8(content));
            return Optional.of(file);
        } catch (IOException | RuntimeException | LinkageError e) {
            lastFailure = "cannot write " + name + " to " + dir + ": " + describe(e);
            return Optional.empty();
        }
    }

    /** Markdown first: whoever waits for the .json finds its rendering already there. */
    private static void writeBoth(Path markdown, byte[] markdownBytes, Path json, byte[] jsonBytes)
            throws IOException {
        writeAtomically(markdown, markdownBytes);
        try {
            writeAtomically(json, jsonBytes);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(markdown);
            throw e;
        }
    }

    /** UTF-8, a lone surrogate (a hostile thread name) written as '?' instead of failing. */
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Why the last failed {@link #write} failed, one line; empty when none failed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** {@code threadstorm-20261126-101530-4242-1-surge}: takes the next sequence number. */
    String stem(String trigger) {
        Instant now = clock.instant();
        return "threadstorm-" + Names.STAMP.format(now) + "-" + pid() + "-" + seq.getAndIncrement() + "-"
                + fileSafe(trigger);
    }

    /**
     * The pid in the names; this process's is read at the first name, not in {@code premain} (the first read makes
     * the JDK's process reaper's executor).
     */
    private long pid() {
        if (pid == THIS_PROCESS) {
            pid = ProcessHandle.current().pid();
        }
        return pid;
    }

    /**
     * Loads what naming and rendering {@code report} need, without writing anything: the first write (an exit report,
     * perhaps) then does not spend its time on it.
     */
    public void prepare(Report report) {
        renderer().render(report);
        Names.STAMP.format(clock.instant());
        pid();
    }

    /** The final names; temporary files start with a dot and never match. */
    static Pattern reportName() {
        return Names.REPORT_NAME;
    }

    private MarkdownRenderer renderer() {
        MarkdownRenderer r = renderer;
        if (r == null) {
            renderer = r = new MarkdownRenderer(); // benign race: two renderers render alike
        }
        return r;
    }

    private static String fileSafe(String trigger) {
        if (trigger == null || trigger.isBlank()) {
            return "unknown";
        }
        String safe = trigger.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return safe.isEmpty() ? "unknown" : safe;
    }

    /** Temporary file in the same directory (so the rename stays on one file system), fsynced, then renamed. */
    private static void writeAtomically(Path target, byte[] content) throws IOException {
        // ".threadstorm-<stem>.json.<random>.tmp": hidden, unique, and never matches REPORT_NAME.
        String name = target.getFileName().toString();
        Path temp = target.resolveSibling((name.startsWith("threadstorm-") ? "." : TEMP_PREFIX) + name + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            // Not Files.createTempFile: its owner-only permissions would hide the report from other users.
            Files.createFile(temp);
            // A stream, not a FileChannel: an interrupt (an application interrupting every thread, the agent's too)
            // closes a channel and loses the report; a FileOutputStream's writes are not interruptible.
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(content);
                // Without it a crash after the rename can leave an empty file under the final name.
                out.getFD().sync();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Deletes the oldest reports until at most {@code keep} remain and they take at most {@code bytes}, and stale
     * temporary files. Never throws.
     *
     * @return the reports that remain (as far as it could tell)
     */
    private int prune(int keep, long bytes) {
        Map<String, ReportName> reports = new HashMap<>();
        Instant now = clock.instant();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = Names.REPORT_NAME.matcher(name);
                if (m.matches()) {
                    String stem = name.substring(0, name.lastIndexOf('.'));
                    ReportName report = reports.computeIfAbsent(stem, s -> new ReportName(s, m.group(1),
                            Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), new long[1]));
                    report.size()[0] += sizeOf(file);
                } else if (stale(file, name, now)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Integer.MAX_VALUE; // retention is best effort; the report itself matters more
        }
        long total = 0;
        for (ReportName r : reports.values()) {
            total += r.size()[0];
        }
        if (reports.size() <= keep && total <= bytes) {
            return reports.size();
        }
        List<ReportName> oldestFirst = new ArrayList<>(reports.values());
        oldestFirst.sort(ReportName.OLDEST_FIRST);
        int left = oldestFirst.size();
        for (ReportName old : oldestFirst) {
            if (left <= Math.max(keep, 0) && total <= bytes) {
                break;
            }
            // JSON first: a report's .json never stays without its .md.
            deleteQuietly(dir.resolve(old.stem() + ".json"));
            deleteQuietly(dir.resolve(old.stem() + ".md"));
            total -= old.size()[0];
            left--;
        }
        return left;
    }

    /** A temporary file left by a writer that died: old, or empty for a while (it failed before its first byte). */
    private static boolean stale(Path file, String name, Instant now) throws IOException {
        if (!name.endsWith(TEMP_SUFFIX) || !(name.startsWith(TEMP_PREFIX) || name.startsWith(OLD_SNAPSHOT_TEMP_PREFIX))) {
            return false;
        }
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        return modified.isBefore(now.minus(STALE_TEMP))
                || (modified.isBefore(now.minus(STALE_EMPTY_TEMP)) && Files.size(file) == 0);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException | RuntimeException e) {
            return 0; // deleted by another process meanwhile
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException ignored) {
            // another process may have deleted it, or the directory went read-only: nothing to do
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message.replace('\n', ' ');
    }

    /** A report's file stem and what orders it: time, then process, then the process's sequence. */
    private record ReportName(String stem, String stamp, long pid, int seq, long[] size) {
        static final Comparator<ReportName> OLDEST_FIRST = Comparator.comparing(ReportName::stamp)
                .thenComparingLong(ReportName::pid)
                .thenComparingInt(ReportName::seq)
                .thenComparing(ReportName::stem);
    }
}
