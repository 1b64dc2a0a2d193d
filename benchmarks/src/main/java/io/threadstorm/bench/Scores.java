package io.threadstorm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.util.ListStatistics;

/** The merged iterations of one variant over all its forks, and the statistics the tables print. */
final class Scores {
    final ListStatistics iterations = new ListStatistics();
    final List<Double> forkMeans = new ArrayList<>();
    final Map<String, ListStatistics> secondary = new TreeMap<>();
    /** Per fork: cores other processes kept busy meanwhile. */
    final List<Double> foreign = new ArrayList<>();
    String unit = "";

    double mean() {
        return iterations.getMean();
    }

    double error() {
        return iterations.getN() > 2 ? iterations.getMeanErrorAt(0.999) : Double.NaN;
    }

    static String pm(Scores s) {
        double e = s.error();
        return num(s.mean()) + (Double.isNaN(e) ? "" : " ± " + num(e));
    }

    static double medianOf(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The ratio of a variant's fork to the no-agent fork of the same round, over all rounds: the geometric mean
     * with a 95% interval (Student's t over the logarithms). The forks of one round ran minutes apart at most, so
     * a machine that drifts between rounds moves both alike.
     */
    static String pairedRatio(Scores s, Scores base) {
        int n = Math.min(s.forkMeans.size(), base.forkMeans.size());
        if (n < 2) {
            return "n/a";
        }
        ListStatistics logs = new ListStatistics();
        for (int i = 0; i < n; i++) {
            logs.addValue(Math.log(s.forkMeans.get(i) / base.forkMeans.get(i)));
        }
        double e = logs.getMeanErrorAt(0.95);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d rounds)", Math.exp(logs.getMean()),
                Math.exp(logs.getMean() - e), Math.exp(logs.getMean() + e), n);
    }

    static String foreignList(Scores s) {
        List<String> f = new ArrayList<>();
        for (double d : s.foreign) {
            f.add(String.format(Locale.ROOT, "%.2f", d));
        }
        return String.join(", ", f) + " cores";
    }

    static String forkMeans(Scores s) {
        List<String> f = new ArrayList<>();
        for (double d : s.forkMeans) {
            f.add(num(d));
        }
        return f.toString();
    }

    static String ratio(Scores s, Scores base) {
        double r = s.mean() / base.mean();
        double e = ratioError(s, base);
        return String.format(Locale.ROOT, "%.3f", r) + (Double.isNaN(e) ? "" : String.format(Locale.ROOT, " ± %.3f", e));
    }

    static double ratioError(Scores s, Scores base) {
        double r = s.mean() / base.mean();
        double a = s.error() / s.mean();
        double b = base.error() / base.mean();
        return r * Math.sqrt(a * a + b * b);
    }

    static String num(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        double abs = Math.abs(d);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static double median(List<double[]> runs, int index) {
        return pct(runs, index, 50);
    }

    static double pct(List<double[]> runs, int index, int p) {
        double[] v = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        double pos = (v.length - 1) * p / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
