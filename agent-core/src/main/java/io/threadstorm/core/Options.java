package io.threadstorm.core;

import io.threadstorm.bootstrap.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's options. Read from the agent arguments ({@code key=value,key=value}), then the system properties
 * {@code threadstorm.<key>}, then the environment {@code THREADSTORM_<KEY>}; the first source that sets a key wins.
 * Every key is documented in docs/configuration.md.
 */
public final class Options {

    /** One option of type {@code T}: its name, its default, the form it expects and how to read it. */
    public record Key<T>(String name, String defaultValue, String expected, Function<String, T> parser) {
    }

    /** The table: every option in documentation order (docs/configuration.md lists them so; a test checks it). */
    private static final Map<String, Key<?>> KEYS = new LinkedHashMap<>();

    static final Key<Boolean> ENABLED = key("enabled", "true", "true or false", Form.BOOL);
    static final Key<Path> REPORT_DIR = key("reportDir", "./threadstorm-reports", "a directory path", Form.DIRECTORY);
    static final Key<Duration> INTERVAL = key("interval", "5s", "a duration such as 250ms, 5s or 2m",
            Form.POSITIVE_DURATION);
    static final Key<Integer> WINDOW = key("window", "6", "a whole number of samples from 2 to 1000",
            Form.INT, 2, 1000);
    static final Key<Integer> MIN_THREADS = key("minThreads", "10", "a whole number from 1 to 1000000",
            Form.INT, 1, 1_000_000);
    static final Key<Double> BLOCKED_RATIO = key("blockedRatio", "0.67", "a number from 0 to 1 such as 0.67",
            Form.RATIO);
    static final Key<Duration> MIN_AGE = key("minAge", "90s", "a duration such as 30s or 2m", Form.DURATION);
    static final Key<List<String>> APP_PACKAGES = key("appPackages", "",
            "package prefixes separated by ';' or ',' such as com.acme;org.example", Form.LIST);
    static final Key<Integer> STACK_DEPTH = key("stackDepth", "32", "a whole number of frames from 4 to 256",
            Form.INT, 4, 256);
    static final Key<Boolean> REPORT_ON_EXIT = key("reportOnExit", "true", "true or false", Form.BOOL);
    static final Key<Boolean> SNAPSHOT_ON_EXIT = key("snapshotOnExit", "false", "true or false", Form.BOOL);
    static final Key<String> HTTP = key("http", "",
            "a port such as 9405 (loopback) or host:port such as 0.0.0.0:9405; off when empty", Form.HOST_PORT);
    static final Key<Integer> METRICS_TOP_SITES = key("metricsTopSites", "20", "a whole number of sites from 1 to 1000",
            Form.INT, 1, 1000);
    static final Key<Integer> SAMPLE_RATE = key("sampleRate", "1024",
            "a whole number from 1 to 65536: one submit or future in N records its stack", Form.INT, 1, 65536);
    static final Key<Integer> MAX_SITES = key("maxSites", "10000", "a whole number from 16 to 1000000",
            Form.INT, 16, 1_000_000);
    static final Key<Double> SURGE_FACTOR = key("surgeFactor", "2.0", "a number above 1 such as 2.0",
            Form.SURGE_FACTOR);
    static final Key<Duration> REPORT_COOLDOWN = key("reportCooldown", "5m", "a duration such as 30s or 5m",
            Form.DURATION);
    static final Key<Integer> MAX_REPORTS = key("maxReports", "100", "a whole number from 1 to 100000",
            Form.INT, 1, 100_000);
    static final Key<Long> MAX_REPORT_BYTES = key("maxReportBytes", "64m",
            "a size such as 500k, 64m or 1g, at least 64k", Form.REPORT_BYTES);
    static final Key<Duration> EXIT_REPORT_TIMEOUT = key("exitReportTimeout", "500ms", "a duration such as 500ms or 2s",
            Form.DURATION);
    static final Key<Pattern> IGNORE_THREADS = key("ignoreThreads", "",
            "a Java regular expression matched against thread names", Form.REGEX);
    static final Key<List<String>> IGNORE_FRAMES = key("ignoreFrames", "",
            "frame prefixes separated by ';' or ',' such as com.acme.cache.;org.quartz.", Form.LIST);
    static final Key<String> LOG_LEVEL = key("logLevel", "info", "one of error, warn, info, debug", Form.LOG_LEVEL);
    static final Key<String> HEAP_PROOF = key("heapProof", "off", "off or onSurge", Form.HEAP_PROOF);
    static final Key<String> HEAP_PROOF_MAX_HEAP = key("heapProofMaxHeap", "512m",
            "a heap size from 64m to 64g such as 512m or 2g", Form.HEAP_SIZE);
    static final Key<Duration> HEAP_PROOF_COOLDOWN = key("heapProofCooldown", "1h", "a duration such as 30m or 1h",
            Form.DURATION);
    static final Key<Boolean> HEAP_PROOF_KEEP = key("heapProofKeep", "false", "true or false", Form.BOOL);

    /**
     * The forms a value can take. One switch reads them all, not a lambda per key: the options are read in
     * {@code premain}, where each lambda costs the JVM a class spun on the application's start-up.
     */
    private enum Form {
        BOOL, DIRECTORY, POSITIVE_DURATION, DURATION, INT, RATIO, SURGE_FACTOR, LIST, REGEX, HOST_PORT, LOG_LEVEL,
        HEAP_PROOF, HEAP_SIZE, REPORT_BYTES
    }

    /** How one key reads its text: a form, and the bounds of {@link Form#INT}. */
    private record Reader<T>(Form form, int min, int max) implements Function<String, T> {
        @Override
        @SuppressWarnings("unchecked") // each key is declared with the type its form returns
        public T apply(String text) {
            Object value = switch (form) {
                case BOOL -> bool(text);
                case DIRECTORY -> directory(text);
                case POSITIVE_DURATION -> positiveDuration(text);
                case DURATION -> duration(text);
                case INT -> intIn(text, min, max);
                case RATIO -> ratio(text);
                case SURGE_FACTOR -> surgeFactor(text);
                case LIST -> list(text);
                case REGEX -> regex(text);
                case HOST_PORT -> hostPort(text);
                case LOG_LEVEL -> logLevel(text);
                case HEAP_PROOF -> oneOf(text, "off", "onSurge");
                case HEAP_SIZE -> heapSize(text);
                case REPORT_BYTES -> reportBytes(text);
            };
            return (T) value;
        }
    }

    private final Map<String, Object> values;

    private Options(Map<String, Object> values) {
        this.values = values;
    }

    /** The defaults, as if no option were given. */
    public static Options defaults() {
        return parse(null, new Properties(), Map.of());
    }

    /**
     * Reads the options from the three sources.
     *
     * @throws IllegalArgumentException with a one-line message naming the key and the expected form
     */
    public static Options parse(String agentArgs, Properties props, Map<String, String> env) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("THREADSTORM_")) {
                String name = fromEnvName(e.getKey().substring("THREADSTORM_".length()));
                raw.put(known(name, e.getKey()), e.getValue());
            }
        }
        for (String prop : props.stringPropertyNames()) {
            if (prop.startsWith("threadstorm.")) {
                raw.put(known(prop.substring("threadstorm.".length()), prop), props.getProperty(prop));
            }
        }
        raw.putAll(agentArguments(agentArgs));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key<?> key : KEYS.values()) {
            String text = raw.getOrDefault(key.name(), key.defaultValue()).trim();
            try {
                values.put(key.name(), key.parser().apply(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("option '" + key.name() + "' has value '" + text
                        + "'; expected " + key.expected());
            }
        }
        return new Options(values);
    }

    /** Splits {@code a=1,b=x,y,c=2}: a piece without '=' continues the previous value, so lists need no quoting. */
    static Map<String, String> agentArguments(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        String last = null;
        for (String piece : args.split(",")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (last == null) {
                    throw new IllegalArgumentException("agent argument '" + piece
                            + "' is not of the form key=value; expected key=value,key=value");
                }
                out.put(last, out.get(last) + "," + piece);
                continue;
            }
            last = known(piece.substring(0, eq).trim(), piece.substring(0, eq).trim());
            out.put(last, piece.substring(eq + 1));
        }
        return out;
    }

    private static String known(String name, String as) {
        if (!KEYS.containsKey(name)) {
            throw new IllegalArgumentException("unknown option '" + as + "'; known options: "
                    + String.join(", ", KEYS.keySet()));
        }
        return name;
    }

    private static String fromEnvName(String upperSnake) {
        for (String name : KEYS.keySet()) {
            if (toEnvName(name).equals(upperSnake)) {
                return name;
            }
        }
        return upperSnake;
    }

    /** {@code reportDir} → {@code REPORT_DIR}. */
    public static String toEnvName(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** The option names in documentation order. */
    public static List<String> names() {
        return List.copyOf(KEYS.keySet());
    }

    public static String defaultOf(String name) {
        return KEYS.get(name).defaultValue();
    }

    public static String expectedOf(String name) {
        return KEYS.get(name).expected();
    }

    public boolean enabled() {
        return get(ENABLED);
    }

    public Path reportDir() {
        return get(REPORT_DIR);
    }

    public Duration interval() {
        return get(INTERVAL);
    }

    public int window() {
        return get(WINDOW);
    }

    public int minThreads() {
        return get(MIN_THREADS);
    }

    public double blockedRatio() {
        return get(BLOCKED_RATIO);
    }

    public Duration minAge() {
        return get(MIN_AGE);
    }

    public List<String> appPackages() {
        return get(APP_PACKAGES);
    }

    public int stackDepth() {
        return get(STACK_DEPTH);
    }

    public boolean reportOnExit() {
        return get(REPORT_ON_EXIT);
    }

    public boolean snapshotOnExit() {
        return get(SNAPSHOT_ON_EXIT);
    }

    /** {@code host:port}, or empty when the endpoint is off. */
    public String http() {
        return get(HTTP);
    }

    public int sampleRate() {
        return get(SAMPLE_RATE);
    }

    public int maxSites() {
        return get(MAX_SITES);
    }

    public double surgeFactor() {
        return get(SURGE_FACTOR);
    }

    public Duration reportCooldown() {
        return get(REPORT_COOLDOWN);
    }

    public int maxReports() {
        return get(MAX_REPORTS);
    }

    /** The bytes the report directory's reports may take together, room for the exit report included. */
    public long maxReportBytes() {
        return get(MAX_REPORT_BYTES);
    }

    /** How long the exit report may delay the JVM's exit. */
    public Duration exitReportTimeout() {
        return get(EXIT_REPORT_TIMEOUT);
    }

    /** The thread-name pattern to ignore, or {@code null}. */
    public Pattern ignoreThreads() {
        return get(IGNORE_THREADS);
    }

    public List<String> ignoreFrames() {
        return get(IGNORE_FRAMES);
    }

    /** Sites with their own metric series; every other site is summed under {@code site="other"}. */
    public int metricsTopSites() {
        return get(METRICS_TOP_SITES);
    }

    /** {@code off} or {@code onSurge}: take a heap dump on a site's first surge and prove it (docs/heap-proof.md). */
    public String heapProof() {
        return get(HEAP_PROOF);
    }

    /** The proof's child JVM heap, as {@code -Xmx} takes it ({@code 512m}). */
    public String heapProofMaxHeap() {
        return get(HEAP_PROOF_MAX_HEAP);
    }

    public Duration heapProofCooldown() {
        return get(HEAP_PROOF_COOLDOWN);
    }

    public boolean heapProofKeep() {
        return get(HEAP_PROOF_KEEP);
    }

    private static String oneOf(String text, String... allowed) {
        for (String a : allowed) {
            if (a.equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException(text);
    }

    private static String heapSize(String text) {
        int unit = Durations.unitStart(text, 6);
        String u = text.substring(unit);
        if (!u.equalsIgnoreCase("m") && !u.equalsIgnoreCase("g")) {
            throw new IllegalArgumentException(text);
        }
        long mb = Long.parseLong(text.substring(0, unit)) * (u.equalsIgnoreCase("g") ? 1024 : 1);
        if (mb < 64 || mb > 64 * 1024) {
            throw new IllegalArgumentException(text);
        }
        return mb + "m";
    }

    public String logLevel() {
        return get(LOG_LEVEL);
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}; a unit is required. The one syntax the JUnit extension
     * shares: {@link io.threadstorm.bootstrap.Durations}.
     */
    public static Duration duration(String text) {
        return Durations.parse(text);
    }

    private static Duration positiveDuration(String text) {
        Duration d = duration(text);
        if (d.toMillis() < 10) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    private static Path directory(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty"); // would write into the working directory
        }
        return Path.of(text);
    }

    /** {@code 500k}, {@code 64m}, {@code 1g}: bytes, a unit required, at least 64 KiB. */
    private static Long reportBytes(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int unit = Durations.unitStart(lower, 9);
        long n = Long.parseLong(lower.substring(0, unit)) << switch (lower.substring(unit)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> throw new IllegalArgumentException(text);
        };
        if (n < 64 << 10 || n > (1L << 40)) {
            throw new IllegalArgumentException(text);
        }
        return n;
    }

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException(text);
    }

    private static Integer intIn(String text, int min, int max) {
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            throw new IllegalArgumentException(text);
        }
        return n;
    }

    private static Double ratio(String text) {
        double d = Double.parseDouble(text);
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    private static Double surgeFactor(String text) {
        double d = Double.parseDouble(text);
        if (!(d > 1 && d < 1000)) {
            throw new IllegalArgumentException(text);
        }
        return d;
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.replace(';', ',').split(",")) {
            String name = s.trim();
            if (!name.isEmpty()) {
                for (int i = 0; i < name.length(); i++) {
                    char c = name.charAt(i);
                    if (!(c == '.' || c == '$' || c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) {
                        throw new IllegalArgumentException(s); // a package or class name prefix, nothing else
                    }
                }
                out.add(name);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Pattern regex(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static String hostPort(String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("off")) {
            return "";
        }
        if (Durations.digits(text, 0, text.length())) {
            intIn(text, 0, 65535);
            return "127.0.0.1:" + text; // a bare port binds to loopback only
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(text);
        }
        intIn(text.substring(colon + 1), 0, 65535);
        return text;
    }

    private static String logLevel(String text) {
        String level = text.toLowerCase(Locale.ROOT);
        if (!List.of("error", "warn", "info", "debug").contains(level)) {
            throw new IllegalArgumentException(text);
        }
        return level;
    }

    private static <T> Key<T> key(String name, String def, String expected, Form form) {
        return key(name, def, expected, form, 0, 0);
    }

    private static <T> Key<T> key(String name, String def, String expected, Form form, int min, int max) {
        Key<T> key = new Key<>(name, def, expected, new Reader<>(form, min, max));
        KEYS.put(name, key);
        return key;
    }

    /** The value of one option; its type is the key's. */
    @SuppressWarnings("unchecked") // values holds, for each key, what that key's parser returned
    public <T> T get(Key<T> key) {
        return (T) values.get(key.name());
    }

    /** Every key, in documentation order. */
    public static List<Key<?>> keys() {
        return List.copyOf(KEYS.values());
    }
}
