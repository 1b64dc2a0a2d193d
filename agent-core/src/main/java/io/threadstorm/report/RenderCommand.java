package io.threadstorm.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code render <report.json>} command: prints a report file as Markdown. Exit status 0 on success, 2 for bad
 * usage, 1 when the file cannot be read or is not a report; errors are one line on stderr.
 */
public final class RenderCommand {

    static final String USAGE = "usage: threadstorm render <report.json>";

    private RenderCommand() {
    }

    /**
     * @param args the arguments after {@code render}
     * @param out  where the Markdown goes
     * @param err  where the one-line error goes
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.size() != 1 || args.get(0).isBlank()) {
            err.println("threadstorm render: expected one report file, got " + args.size() + (args.size() == 1 ? " argument (" : " arguments (")
                    + USAGE + ")");
            return 2;
        }
        if (args.get(0).startsWith("-")) {
            err.println("threadstorm render: unknown option " + args.get(0) + " (" + USAGE + ")");
            return 2;
        }
        String name = args.get(0);
        Report report;
        try {
            report = ReportJson.read(Path.of(name));
        } catch (ReportFormatException e) {
            err.println("threadstorm render: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("threadstorm render: " + name + ": no such file");
            return 1;
        } catch (AccessDeniedException e) {
            err.println("threadstorm render: " + name + ": permission denied");
            return 1;
        } catch (IOException | InvalidPathException e) {
            err.println("threadstorm render: cannot read " + name + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return 1;
        }
        out.print(new MarkdownRenderer().render(report));
        out.flush();
        return 0;
    }
}
