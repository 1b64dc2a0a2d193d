package io.threadstorm.injector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/image/copy-agent.sh, the init image's entry point, against temporary directories. */
class CopyAgentScriptTest {

    static final Path SCRIPT = Wired.ROOT.resolve("deploy/image/copy-agent.sh");

    @TempDir
    Path tmp;
    private Path jar;

    /** What a run of the script did. */
    record Run(int status, String stdout, String stderr) {
    }

    @BeforeEach
    void jar() throws IOException {
        // readable by the unprivileged user the not-writable test runs as
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = tmp.resolve("threadstorm-agent.jar");
        byte[] bytes = new byte[300_000];
        new Random(11).nextBytes(bytes);
        Files.write(jar, bytes);
    }

    @Test
    void copiesTheJarWhole() throws Exception {
        Path volume = Files.createDirectory(tmp.resolve("volume"));
        Run run = run(false, jar.toString(), volume.toString());
        assertEquals(0, run.status(), run.stderr());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(volume.resolve("threadstorm-agent.jar")));
        assertEquals(List.of("threadstorm-agent.jar"), names(volume), "no temporary file left");
        assertTrue(run.stdout().contains("300000 bytes"), run.stdout());

        // an init container restarted after a copy: the jar is replaced, still whole
        Files.write(jar, "a newer jar".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(false, jar.toString(), volume.toString()).status());
        assertEquals("a newer jar", Files.readString(volume.resolve("threadstorm-agent.jar")));
        assertEquals(List.of("threadstorm-agent.jar"), names(volume));
    }

    @Test
    void aMissingTargetIsOneLineAndStatusOne() throws Exception {
        Run run = run(false, jar.toString(), tmp.resolve("not-mounted").toString());
        assertEquals(1, run.status());
        assertOneLine(run, "does not exist");
        assertFalse(Files.exists(tmp.resolve("not-mounted")));
    }

    @Test
    void aTargetThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Run run = run(false, jar.toString(), file.toString());
        assertEquals(1, run.status());
        assertOneLine(run, "is not a directory");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aTargetThatIsNotWritableIsOneLineAndStatusOne() throws Exception {
        Path volume = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Run run = run(true, jar.toString(), volume.toString());
            assertEquals(1, run.status(), run.stderr());
            assertOneLine(run, "is not writable");
            assertEquals(List.of(), names(volume));
        } finally {
            Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aMissingSourceAndBadUsage() throws Exception {
        Path volume = Files.createDirectory(tmp.resolve("volume"));
        Run run = run(false, tmp.resolve("nothing.jar").toString(), volume.toString());
        assertEquals(1, run.status());
        assertOneLine(run, "cannot be read");
        Run usage = run(false, jar.toString());
        assertEquals(2, usage.status());
        assertOneLine(usage, "usage: copy-agent.sh SOURCE_JAR TARGET_DIR");
    }

    private static void assertOneLine(Run run, String text) {
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("copy-agent: ") && run.stderr().contains(text), run.stderr());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Runs the script with sh. {@code unprivileged}: as root (CI runs as root), file permissions do not stop a
     * write, so the script runs as user nobody through setpriv, as an init container with a non-root user would.
     */
    static Run run(boolean unprivileged, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (unprivileged && "root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.add("sh");
        cmd.add(SCRIPT.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }
}
