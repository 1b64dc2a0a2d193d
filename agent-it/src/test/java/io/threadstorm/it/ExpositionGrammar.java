package io.threadstorm.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text format (0.0.4) and OpenMetrics text (1.0) grammars, line by line: comments, metric and label
 * names, escaped label values, numbers; each sample under a family declared by {@code # TYPE}, each series once.
 */
final class ExpositionGrammar {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String NUMBER = "(?:[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?Inf|NaN)";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL
            + ")*,?)?\\})? (" + NUMBER + ")(?: [-+]?[0-9]+(?:\\.[0-9]+)?)?");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped"
            + "|unknown|info|stateset|gaugehistogram)");
    private static final Pattern UNIT = Pattern.compile("# UNIT (" + NAME + ") [a-zA-Z0-9_]*");

    /** One sample: its name, its label block (or empty) and value. */
    record Sample(String name, String labels, double value) {
    }

    private ExpositionGrammar() {
    }

    /** Checks every line; returns the samples. */
    static List<Sample> parse(String text, boolean openMetrics) {
        List<Sample> out = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> series = new HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) {
            throw new AssertionError("exposition does not end with a newline");
        }
        int last = lines.length - 2; // the piece after the final newline is empty
        if (openMetrics && !lines[last].equals("# EOF")) {
            throw new AssertionError("OpenMetrics exposition does not end with # EOF: " + lines[last]);
        }
        for (int i = 0; i <= last; i++) {
            String line = lines[i];
            Matcher m;
            if (openMetrics && line.equals("# EOF")) {
                if (i != last) {
                    throw new AssertionError("# EOF before the end, line " + (i + 1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("second TYPE for " + m.group(1));
                }
            } else if (HELP.matcher(line).matches() || (openMetrics && UNIT.matcher(line).matches())) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (family(name, types) == null) {
                    throw new AssertionError("sample of an undeclared family, line " + (i + 1) + ": " + line);
                }
                if (!series.add(name + (m.group(2) == null ? "" : m.group(2)))) {
                    throw new AssertionError("series twice, line " + (i + 1) + ": " + line);
                }
                String v = m.group(3);
                out.add(new Sample(name, m.group(2) == null ? "" : m.group(2), v.endsWith("Inf")
                        ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(v)));
            } else if (openMetrics || !line.startsWith("#") || line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                throw new AssertionError("line " + (i + 1) + " is not in the grammar: '" + line + "'");
            }
        }
        return out;
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_total", "_created", "_count", "_sum", "_bucket", "_info"}) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }
}
