package io.threadstorm.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real JVM, with or without the agent, and keeps what it printed. */
final class ForkedJvm {

    static final Path AGENT_JAR = Path.of(System.getProperty("it.agentJar", "../agent-core/target/threadstorm-agent.jar"))
            .toAbsolutePath().normalize();
    static final Path EXAMPLES_JAR = Path.of(System.getProperty("it.examplesJar",
            "../examples/target/threadstorm-examples.jar")).toAbsolutePath().normalize();
    static final Path EXAMPLES_SOURCES = Path.of(System.getProperty("it.examplesSources",
            "../examples/src/main/java")).toAbsolutePath().normalize();
    static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    static final String JAVA = System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java")
            .toString());

    /** What a finished JVM left behind. */
    record Result(int exitCode, String stdout, String stderr, Path dir) {
        Path reportDir() {
            return dir.resolve("reports");
        }
    }

    private ForkedJvm() {
    }

    /** The feature version of the JVM the tests fork (17, 21, 25). */
    static int javaFeature() throws Exception {
        Process p = new ProcessBuilder(JAVA, "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        var m = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) : 17;
    }

    /**
     * Runs {@code mainClass} on {@code classPath} with the agent and {@code agentOptions} (reportDir is added,
     * inside {@code dir}); waits at most {@code timeoutSeconds}.
     */
    static Result run(Path dir, String agentOptions, Path classPath, String mainClass, long timeoutSeconds,
                      String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        if (agentOptions != null) {
            String reportDir = "reportDir=" + dir.resolve("reports");
            cmd.add("-javaagent:" + AGENT_JAR + "=" + (agentOptions.isEmpty() ? reportDir
                    : agentOptions + "," + reportDir));
        }
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(classPath.toString());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return exec(dir, cmd, timeoutSeconds);
    }

    static Result exec(Path dir, List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("JVM did not end within " + timeoutSeconds + " s: " + cmd + "\nstderr:\n"
                    + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err), dir);
    }

    /** The 1-based line of {@code marker} in a source file. */
    static int lineOf(Path source, String marker) throws IOException {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker + " not found in " + source);
    }
}
