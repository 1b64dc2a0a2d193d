package io.threadstorm.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * a half-written report under its final name. Keeps at most {@code maxReports} reports, deleting the oldest.
 *
 * <p>It never throws into the caller, which may be the host application's shutdown: a failure (unwritable
 * directory, full disk) yields an empty result and {@link #lastFailure()} says why in one line. Safe for concurrent
 * use, also by several processes sharing one directory.
 */
public final class ReportFiles {

    /** Reports kept in the directory unless configured otherwise. */
    public static final int DEFAULT_MAX_REPORTS = 100;

    /** The final names; temporary files start with a dot and never match. */
    static final Pattern REPORT_NAME =
            Pattern.compile("threadstorm-(\\d{8}-\\d{6})-(\\d{1,18})-(\\d{1,9})-([a-z0-9-]+)\\.(json|md)");

    /** UTC, like {@code createdAt}: local time would repeat an hour at the end of daylight saving and break order. */
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String TEMP_PREFIX = ".threadstorm-";
    private static final String TEMP_SUFFIX = ".tmp";
    /** A temporary file this old was left by a process killed while writing (a shutdown cut short). */
    private static final Duration STALE_TEMP = Duration.ofMinutes(10);

    private final Path dir;
    private final int maxReports;
    private final long pid;
    private final Clock clock;
    private final AtomicInteger seq = new AtomicInteger(1);
    private final MarkdownRenderer renderer = new MarkdownRenderer();
    private volatile String lastFailure;

    /**
     * @param dir        the report directory, created when missing
     * @param maxReports reports (JSON and Markdown pairs) to keep, at least 1
     * @param pid        the process id in the file names
     * @param clock      the time in the file names and the age of stale temporary files
     */
    public ReportFiles(Path dir, int maxReports, long pid, Clock clock) {
        if (maxReports < 1) {
            throw new IllegalArgumentException("maxReports must be at least 1, was " + maxReports);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.maxReports = maxReports;
        this.pid = pid;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This process, the system clock, {@value #DEFAULT_MAX_REPORTS} reports. */
    public ReportFiles(Path dir) {
        this(dir, DEFAULT_MAX_REPORTS, ProcessHandle.current().pid(), Clock.systemUTC());
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
            String jsonText = ReportJson.write(report) + "\n";
            String markdownText = renderer.render(report);
            Files.createDirectories(dir);
            // Room first, so a nearly full disk can still take the newest report.
            prune(maxReports - 1);
            // Markdown first: whoever waits for the .json finds its rendering already there.
            writeAtomically(markdown, markdownText);
            try {
                writeAtomically(json, jsonText);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(markdown);
                throw e;
            }
            return Optional.of(json);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError too: a broken agent jar (Jackson missing) must not fail the host's shutdown hook.
            lastFailure = "cannot write " + stem + ".json to " + dir + ": " + describe(e);
            return Optional.empty();
        }
    }

    /** Why the last failed {@link #write} failed, one line; empty when none failed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** {@code threadstorm-20261126-101530-4242-1-surge}: takes the next sequence number. */
    String stem(String trigger) {
        Instant now = clock.instant();
        return "threadstorm-" + STAMP.format(now) + "-" + pid + "-" + seq.getAndIncrement() + "-" + fileSafe(trigger);
    }

    private static String fileSafe(String trigger) {
        if (trigger == null || trigger.isBlank()) {
            return "unknown";
        }
        String safe = trigger.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        return safe.isEmpty() ? "unknown" : safe;
    }

    /** Temporary file in the same directory (so the rename stays on one file system), fsynced, then renamed. */
    private static void writeAtomically(Path target, String content) throws IOException {
        // ".threadstorm-<stem>.json.<random>.tmp": hidden, unique, and never matches REPORT_NAME.
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        try {
            // Not Files.createTempFile: its owner-only permissions would hide the report from other users.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // Without it a crash after the rename can leave an empty file under the final name.
                channel.force(true);
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

    /** Deletes the oldest reports until at most {@code keep} remain, and stale temporary files. Never throws. */
    private void prune(int keep) {
        Map<String, ReportName> reports = new HashMap<>();
        Instant staleBefore = clock.instant().minus(STALE_TEMP);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = REPORT_NAME.matcher(name);
                if (m.matches()) {
                    String stem = name.substring(0, name.lastIndexOf('.'));
                    reports.putIfAbsent(stem, new ReportName(stem, m.group(1), Long.parseLong(m.group(2)),
                            Integer.parseInt(m.group(3))));
                } else if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            return; // retention is best effort; the report itself matters more
        }
        if (reports.size() <= keep) {
            return;
        }
        List<ReportName> oldestFirst = new ArrayList<>(reports.values());
        oldestFirst.sort(ReportName.OLDEST_FIRST);
        for (ReportName old : oldestFirst.subList(0, oldestFirst.size() - Math.max(keep, 0))) {
            // JSON first: a report's .json never stays without its .md.
            deleteQuietly(dir.resolve(old.stem() + ".json"));
            deleteQuietly(dir.resolve(old.stem() + ".md"));
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
    private record ReportName(String stem, String stamp, long pid, int seq) {
        static final Comparator<ReportName> OLDEST_FIRST = Comparator.comparing(ReportName::stamp)
                .thenComparingLong(ReportName::pid)
                .thenComparingInt(ReportName::seq)
                .thenComparing(ReportName::stem);
    }
}
