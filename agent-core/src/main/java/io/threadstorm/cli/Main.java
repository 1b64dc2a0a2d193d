package io.threadstorm.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code java -jar threadstorm-agent.jar <command>}: attach, analyze, render, version, help. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("threadstorm: no command; try 'help'");
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "attach":
                return AttachCommand.run(rest, out, err);
            case "analyze":
                return AnalyzeCommand.run(rest, out, err);
            case "render":
                return io.threadstorm.report.RenderCommand.run(rest, out, err);
            case "version":
                out.println("threadstorm " + version());
                return 0;
            case "help":
            case "--help":
            case "-h":
                out.println(HELP);
                return 0;
            default:
                err.println("threadstorm: unknown command '" + args.get(0) + "'; try 'help'");
                return 2;
        }
    }

    static String version() {
        try {
            // the entry class is loaded from the jar root, where the manifest's version applies
            Package p = Class.forName("io.threadstorm.agent.AgentEntry").getPackage();
            String v = p == null ? null : p.getImplementationVersion();
            return v == null ? "dev" : v;
        } catch (ClassNotFoundException e) {
            return "dev";
        }
    }

    private static final String HELP = String.join("\n",
            "usage: java -jar threadstorm-agent.jar <command>",
            "  attach <pid> [key=value,...]   load the agent into a running JVM",
            "  analyze <dump> [<later-dump>]  find leaks in jstack / jcmd thread dumps (two dumps: what grew)",
            "  analyze --heap <file.hprof> [--report r.json | --snapshot s.json]",
            "                                 prove from a heap dump which waiting threads can never be woken",
            "  render <report.json>           print a report as Markdown",
            "  version                        print the version",
            "  help                           this text",
            "As an agent: java -javaagent:threadstorm-agent.jar[=key=value,...] -jar app.jar",
            "Options: docs/configuration.md");
}
