package io.threadstorm.bench;

import java.util.List;

/** A way to run a measured process: its id in logs and tables, its label, and its JVM arguments. */
record Variant(String id, String label, List<String> jvmArgs) {
}
