package io.threadstorm.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.threadstorm.classify.Cause;
import java.util.List;
import java.util.Map;

/**
 * The root-cause report, schema {@value #SCHEMA}. Field names are the public contract (docs/report-schema.md).
 *
 * @param schema      always {@value #SCHEMA}
 * @param trigger     {@code surge}, {@code exit}, {@code on-demand}, {@code dump} (the {@code analyze} command) or
 *                    {@code proof} (a heap proof)
 * @param createdAt   ISO-8601 instant
 * @param jvm         the process
 * @param summary     totals and the one-sentence verdict
 * @param suspects    sites where the leak rule holds, ranked by live threads then growth
 * @param aliveAtExit in an exit report, the other threads still alive, grouped by site; otherwise empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Report(String schema, String trigger, String createdAt, Jvm jvm, Summary summary,
                     List<Suspect> suspects, List<AliveGroup> aliveAtExit) {

    public static final String SCHEMA = "threadstorm.report/v1";

    public Report {
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
        aliveAtExit = aliveAtExit == null ? List.of() : List.copyOf(aliveAtExit);
    }

    /** @param pid process id; @param javaVersion {@code java.version}; @param uptimeSeconds JVM uptime */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Jvm(long pid, String javaVersion, double uptimeSeconds) {
    }

    /**
     * @param liveThreads           live threads (platform and virtual), system threads included
     * @param virtualThreads        live virtual threads the agent tracks
     * @param baseline              the process's learned normal thread count
     * @param filteredSystemThreads JVM and agent threads left out of the analysis
     * @param verdict               one sentence a person can act on
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(int liveThreads, int virtualThreads, int baseline, int filteredSystemThreads,
                          String verdict) {
    }

    /**
     * @param id    64-bit stack hash, 16 hex digits
     * @param kind  {@code platform}, {@code virtual}, {@code executor}, {@code timer}, {@code future} or {@code dump}
     * @param frame first application frame, a {@code StackTraceElement.toString()}
     * @param stack the creation stack from the start call downwards
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Site(String id, String kind, String frame, List<String> stack) {

        public Site {
            stack = stack == null ? List.of() : List.copyOf(stack);
        }
    }

    /** @param avg average age of the live threads in seconds; @param max the oldest */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ages(double avg, double max) {
    }

    /** One live thread shown as an example. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExampleThread(long id, String name, String state, double ageSeconds, List<String> stack) {

        public ExampleThread {
            stack = stack == null ? List.of() : List.copyOf(stack);
        }
    }

    /** A site where the leak rule holds; {@code proof} only in a {@code proof} report (docs/heap-proof.md). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Suspect(int rank, Site site, int live, long started, long ended, double growthPerMinute,
                          Map<String, Integer> states, double blockedRatio, Ages ageSeconds, Cause cause,
                          List<ExampleThread> examples, Proof proof) {

        public Suspect {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }

        public Suspect(int rank, Site site, int live, long started, long ended, double growthPerMinute,
                       Map<String, Integer> states, double blockedRatio, Ages ageSeconds, Cause cause,
                       List<ExampleThread> examples) {
            this(rank, site, live, started, ended, growthPerMinute, states, blockedRatio, ageSeconds, cause, examples,
                    null);
        }

        /** The same suspect with {@code proof}. */
        public Suspect withProof(Proof proof) {
            return new Suspect(rank, site, live, started, ended, growthPerMinute, states, blockedRatio, ageSeconds,
                    cause, examples, proof);
        }
    }

    /**
     * What a heap dump proves of a suspect's threads.
     *
     * @param proven        true when at least one of its threads can never be woken
     * @param threads       its threads found waiting without a deadline in the heap dump
     * @param provenThreads those of them that can never be woken
     * @param waker         what the proven threads wait on, or {@code null}
     * @param reason        why the others are not proven (a timed wait, the waker is reachable, ...), or {@code null}
     * @param path          the shortest path from a live root to what wakes them, or empty
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Proof(boolean proven, int threads, int provenThreads, Waker waker, String reason,
                        List<String> path) {

        public Proof {
            path = path == null ? List.of() : List.copyOf(path);
        }
    }

    /** @param className the waker's class; @param identity its object id in the dump ({@code 0x...}) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Waker(String className, String identity) {
    }

    /** Threads of one site still alive when the JVM exits, not suspects. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AliveGroup(Site site, int live, Map<String, Integer> states, List<ExampleThread> examples) {

        public AliveGroup {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }
}
