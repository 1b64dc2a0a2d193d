package io.threadstorm.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.threadstorm.report.MarkdownRenderer;
import io.threadstorm.report.Report;
import io.threadstorm.report.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code analyze --heap <file.hprof> [--report r.json | --snapshot s.json] [--json]}: the reachability proof over a
 * heap dump (docs/heap-proof.md). Markdown on stdout unless {@code --json}; one line on stderr and exit status 1 when a
 * file cannot be read, 2 for bad usage.
 */
public final class HeapProofCommand {

    private static final String USAGE = "threadstorm: usage: analyze --heap <file.hprof> [--report <report.json> |"
            + " --snapshot <snapshot.json>] [--json]";

    private HeapProofCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String heap = null;
        String report = null;
        String snapshot = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
            switch (a) {
                case "--json" -> json = true;
                case "--heap", "--report", "--snapshot" -> {
                    if (!hasValue) {
                        err.println(USAGE);
                        return 2;
                    }
                    String v = args.get(++i);
                    if (a.equals("--heap")) {
                        heap = v;
                    } else if (a.equals("--report")) {
                        report = v;
                    } else {
                        snapshot = v;
                    }
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        }
        if (heap == null || (report != null && snapshot != null)) {
            err.println(USAGE);
            return 2;
        }
        try {
            Report base = report == null ? null : ReportJson.read(Path.of(report));
            Map<Long, Report.Site> sites = snapshot == null ? Map.of() : sitesOf(Path.of(snapshot));
            HeapProof.Result result = HeapProof.analyze(Path.of(heap));
            Report proof = ProofReport.build(result, base, sites);
            out.print(json ? ReportJson.write(proof) : new MarkdownRenderer().render(proof));
            out.flush();
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("threadstorm: no such file: " + e.getFile());
            return 1;
        } catch (IOException e) {
            err.println("threadstorm: " + e.getMessage());
            return 1;
        }
    }

    /** Thread id to creation site, from a snapshot ({@code /snapshot}, {@code snapshotOnExit}). */
    static Map<Long, Report.Site> sitesOf(Path snapshot) throws IOException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(snapshot.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(snapshot + " is not a snapshot (" + e.getOriginalMessage() + ")", e);
        }
        if (doc == null || !doc.path("threads").isArray()) {
            throw new IOException(snapshot + " is not a snapshot: no 'threads' array");
        }
        Map<Long, Report.Site> out = new HashMap<>();
        for (JsonNode t : doc.get("threads")) {
            JsonNode site = t.path("site");
            if (t.has("id") && site.hasNonNull("id")) {
                out.put(t.get("id").asLong(), new Report.Site(site.get("id").asText(), site.path("kind").asText("unknown"),
                        site.path("frame").asText("unknown"), List.of()));
            }
        }
        return out;
    }
}
