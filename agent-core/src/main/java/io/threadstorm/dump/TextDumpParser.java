package io.threadstorm.dump;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the two text formats line by line: {@code Thread.print} ({@code jstack}, {@code jcmd Thread.print}) and the
 * plain text of {@code Thread.dump_to_file}. Each line is classified on its own; a small state machine
 * ({@link Mode}) says what a line can mean where it stands. Lines it does not understand are counted and skipped,
 * so a dump cut out of a log, or with a few mangled lines, still yields its threads.
 */
final class TextDumpParser {

    /** Where the reader stands. */
    private enum Mode {
        /** before the first thread: date, "Full thread dump", jcmd's pid line, dump_to_file's three lines */
        PREAMBLE,
        /** inside "Threads class SMR info: … {…}" */
        SMR_LIST,
        /** inside a thread's block */
        THREAD,
        /** after the thread list: "JNI global refs", the end of a dump */
        FOOTER,
        /** inside "Found one Java-level deadlock:" */
        DEADLOCK,
        /** inside "Java stack information for the threads listed above:", which repeats stacks already read */
        DEADLOCK_STACKS,
        /** a second "Full thread dump" (several kill -3 dumps in one log): only the first is read */
        DONE
    }

    private static final Pattern DUMP_TO_FILE_HEADER = Pattern.compile("^(?:Thread )?#(\\d+) \"(.*)\"(.*)$");
    private static final Pattern THREAD_PRINT_DATE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$");
    private static final Pattern VERSION = Pattern.compile("^\\d+(?:\\.\\d+)*(?:[-+][\\w.+-]*)?$");
    private static final Pattern VIRTUAL_ID = Pattern.compile("virtual thread #(\\d+)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final String source;
    private final DraftDump dump = new DraftDump();
    private Mode mode = Mode.PREAMBLE;
    private int lineNumber;
    private int firstContentLine;
    private String firstContent;
    private boolean sawHeader;

    /** The thread being read, and where its frames go: itself, or the virtual thread it carries. */
    private ThreadDraft current;
    private ThreadDraft target;
    private boolean currentIsJava;
    /** The virtual thread the current one carries, once "Mounted virtual thread #N" was read. */
    private ThreadDraft mounted;

    private TextDumpParser(String source) {
        this.source = source;
    }

    static ThreadDump parse(BufferedReader reader, String source) throws IOException {
        return new TextDumpParser(source).read(reader);
    }

    private ThreadDump read(BufferedReader reader) throws IOException {
        String line;
        while ((line = reader.readLine()) != null && mode != Mode.DONE) {
            lineNumber++;
            if (firstContent == null && !line.isBlank()) {
                firstContent = line;
                firstContentLine = lineNumber;
            }
            if (!accept(line)) {
                dump.skippedLines++;
            }
        }
        endThread();
        if (dump.threads.isEmpty()) {
            throw noThreads();
        }
        return dump.build();
    }

    private MalformedDumpException noThreads() {
        if (lineNumber == 0) {
            return new MalformedDumpException(source, 0, "empty input, expected a thread dump");
        }
        if (sawHeader) {
            return new MalformedDumpException(source, lineNumber,
                    "expected thread lines (\"main\" #1 prio=5 … or #1 \"main\" …) after the dump header, found none");
        }
        if (firstContent == null) {
            return new MalformedDumpException(source, 0, "only blank lines, expected a thread dump");
        }
        return new MalformedDumpException(source, firstContentLine, "expected a thread dump (jstack, jcmd "
                + "Thread.print or Thread.dump_to_file), found " + MalformedDumpException.excerpt(firstContent));
    }

    /** @return whether the line was understood */
    private boolean accept(String line) {
        String s = line.strip();
        switch (mode) {
            case SMR_LIST:
                if (s.equals("}")) {
                    mode = Mode.PREAMBLE;
                }
                return true;
            case DEADLOCK:
                return deadlockLine(s);
            case DEADLOCK_STACKS:
                if (s.startsWith("Found ")) {
                    return deadlockLine(s);
                }
                // the VM repeats the stacks of the deadlocked threads here: already read above
                return s.isEmpty() || s.startsWith("at ") || s.startsWith("- ") || s.startsWith("\"") && s.endsWith(":")
                        || s.chars().allMatch(c -> c == '=');
            default:
                break;
        }
        if (s.startsWith("\"") && !s.endsWith("\":")) {
            return threadPrintHeader(s);
        }
        Matcher dumpToFile = DUMP_TO_FILE_HEADER.matcher(s);
        if (dumpToFile.matches()) {
            return dumpToFileHeader(dumpToFile);
        }
        if (s.startsWith("Full thread dump")) {
            if (current != null || !dump.threads.isEmpty()) {
                mode = Mode.DONE;
                return true;
            }
            sawHeader = true;
            dump.jvmVersion = s.substring("Full thread dump".length()).strip().replaceFirst(":$", "");
            return true;
        }
        if (s.startsWith("JNI global refs") || s.startsWith("JNI global references")) {
            endThread();
            mode = Mode.FOOTER;
            return true;
        }
        if (s.equals("Found one Java-level deadlock:")) {
            endThread();
            return deadlockLine(s);
        }
        return switch (mode) {
            case PREAMBLE -> preambleLine(s);
            case THREAD -> threadLine(s);
            default -> s.isEmpty();
        };
    }

    private boolean preambleLine(String s) {
        if (s.isEmpty()) {
            return true;
        }
        boolean known = headerLine(s);
        sawHeader |= known;
        return known;
    }

    private boolean headerLine(String s) {
        if (s.equals("Threads class SMR info:")) {
            mode = Mode.SMR_LIST;
            return true;
        }
        if (s.matches("\\d+:") && dump.pid < 0) { // jcmd prints the pid first
            dump.pid = Long.parseLong(s.substring(0, s.length() - 1));
            return true;
        }
        if (s.matches("\\d+") && dump.pid < 0) { // dump_to_file: pid, instant, version
            dump.pid = Long.parseLong(s);
            return true;
        }
        if (THREAD_PRINT_DATE.matcher(s).matches()) {
            dump.takenAt = LocalDateTime.parse(s, DATE);
            return true;
        }
        if (s.length() > 10 && s.charAt(4) == '-' && s.endsWith("Z")) {
            try {
                dump.takenAt = LocalDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }
        if (dump.takenAt != null && dump.jvmVersion == null && VERSION.matcher(s).matches()) {
            dump.jvmVersion = s;
            return true;
        }
        return false;
    }

    /** {@code "name" #12 [4711] daemon prio=5 os_prio=0 cpu=1.2ms elapsed=3.52s tid=0x… nid=0x… waiting on …}. */
    private boolean threadPrintHeader(String s) {
        int close = s.lastIndexOf('"');
        if (close <= 0) {
            return false;
        }
        startThread(DumpFormat.THREAD_PRINT);
        current.name = s.substring(1, close);
        for (String token : s.substring(close + 1).strip().split("\\s+")) {
            if (token.startsWith("#") && current.id < 0 && isLong(token.substring(1))) {
                current.id = Long.parseLong(token.substring(1));
                // VM-internal threads ("GC Thread#0" os_prio=0 …) have no Java id
                currentIsJava = true;
            } else if (token.equals("daemon")) {
                current.daemon = true;
            } else if (token.startsWith("elapsed=") && token.endsWith("s")) {
                current.elapsedSeconds = parseDouble(token.substring("elapsed=".length(), token.length() - 1));
            }
        }
        return true;
    }

    /** {@code #12 "name"} (JDK 21), {@code #12 "name" virtual WAITING 2026-…Z} (JDK 25). */
    private boolean dumpToFileHeader(Matcher m) {
        startThread(DumpFormat.DUMP_TO_FILE_TEXT);
        currentIsJava = true;
        current.id = Long.parseLong(m.group(1));
        current.name = m.group(2);
        for (String token : m.group(3).strip().split("\\s+")) {
            if (token.equals("virtual")) {
                current.virtual = true;
            } else if (current.state == null) {
                current.state = ThreadDraft.parseState(token);
            }
        }
        return true;
    }

    private void startThread(DumpFormat format) {
        endThread();
        if (dump.format == null) {
            dump.format = format;
        }
        mode = Mode.THREAD;
        current = new ThreadDraft();
        target = current;
        currentIsJava = false;
        mounted = null;
    }

    private void endThread() {
        if (current != null && currentIsJava) {
            dump.threads.add(current);
            if (mounted != null) {
                addMounted(mounted);
            }
        }
        current = null;
        target = null;
    }

    /**
     * A virtual thread that a JDK 21+ {@code jstack} shows under its carrier ("Mounted virtual thread #48"). The dump
     * gives its id and frames only: it has no name, and its state is the carrier's when the carrier has one (JDK 25
     * prints none for a carrier): else what its lock line tells, else RUNNABLE, since it is mounted.
     */
    private void addMounted(ThreadDraft virtual) {
        if (virtual.state == null) {
            virtual.state = current.state != null ? current.state
                    : virtual.wait == null ? Thread.State.RUNNABLE
                    : virtual.wait.kind() == LockLine.Kind.WAITING_TO_LOCK ? Thread.State.BLOCKED
                    : Thread.State.WAITING;
        }
        dump.threads.add(virtual);
    }

    private boolean threadLine(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.startsWith("java.lang.Thread.State:")) {
            current.state = ThreadDraft.parseState(s.substring("java.lang.Thread.State:".length()).strip());
            currentIsJava = true; // old VMs print no #id, but only Java threads have a state line
            return true;
        }
        if (s.startsWith("- ")) {
            LockLine lock = LockLine.parse(s);
            if (lock != null) {
                target.add(lock);
                return true;
            }
            return LockLine.isLockless(s);
        }
        if (s.startsWith("at ") || dump.format == DumpFormat.DUMP_TO_FILE_TEXT) {
            // JDK 21's dump_to_file text writes frames without "at "
            StackTraceElement frame = FrameText.parse(s);
            if (frame != null) {
                target.stack.add(frame);
                return true;
            }
            return false;
        }
        if (s.equals("Locked ownable synchronizers:")) {
            target = current; // the list belongs to the carrier, printed after the mounted thread's frames
            return true;
        }
        if (s.startsWith("Carrying virtual thread #")) {
            return true;
        }
        if (s.startsWith("Mounted virtual thread #")) {
            Matcher m = VIRTUAL_ID.matcher(s);
            if (!m.find() || mounted != null) {
                return false;
            }
            mounted = new ThreadDraft();
            mounted.id = Long.parseLong(m.group(1));
            mounted.virtual = true;
            target = mounted;
            return true;
        }
        // the compiler threads' current task
        return s.equals("No compile task") || s.startsWith("Compiling:");
    }

    private boolean deadlockLine(String s) {
        if (s.equals("Found one Java-level deadlock:")) {
            if (dump.deadlockSection == null) {
                dump.deadlockSection = new DeadlockSection();
            }
            dump.deadlockSection.startCycle();
            mode = Mode.DEADLOCK;
            return true;
        }
        if (s.startsWith("Found ") && s.contains("deadlock")) { // "Found 1 deadlock." ends the section
            mode = Mode.FOOTER;
            return true;
        }
        if (s.equals("Java stack information for the threads listed above:")) {
            mode = Mode.DEADLOCK_STACKS;
            return true;
        }
        return mode == Mode.DEADLOCK && dump.deadlockSection.accept(s);
    }

    private static boolean isLong(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
