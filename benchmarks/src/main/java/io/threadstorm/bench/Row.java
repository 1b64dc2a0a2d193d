package io.threadstorm.bench;

import java.io.PrintStream;
import java.util.List;

/** What every row of a run writes to: the run's configuration, its JVM, the console and the results file's parts. */
abstract class Row {

    final Run run;
    final Config cfg;
    final JvmInfo jvm;
    final PrintStream out;
    final StringBuilder md;
    final List<String> summary;
    final List<String> notes;

    Row(Run run) {
        this.run = run;
        this.cfg = run.cfg();
        this.jvm = run.jvm();
        this.out = run.out();
        this.md = run.results().md;
        this.summary = run.results().summary;
        this.notes = run.results().notes;
    }
}
