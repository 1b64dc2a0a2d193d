package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent keeps class data sharing: it defines its bootstrap classes in the boot loader instead of appending its jar
 * to the boot class path, which made the JVM print {@code Sharing is only supported for boot loader classes because
 * bootstrap classpath has been appended} and load every application class from its jar again. An application jar is
 * archived (static AppCDS, without the agent), then run from the archive with {@code -Xshare:on}, with the agent.
 */
class ClassSharingIT {

    private static final String APP = "io.threadstorm.it.apps.SharingApp";
    private static final String WARNING = "Sharing is only supported for boot loader classes";

    @TempDir
    Path dir;

    @Test
    void theApplicationsClassesStillComeFromTheArchiveWithTheAgent() throws Exception {
        Path jar = appJar();
        Path list = dir.resolve("app.classlist");
        Path archive = dir.resolve("app.jsa");
        ForkedJvm.Result listed = ForkedJvm.exec(dir.resolve("list"), List.of(ForkedJvm.JAVA,
                "-XX:DumpLoadedClassList=" + list, "-cp", jar.toString(), APP), 60);
        assertEquals(0, listed.exitCode(), listed.stderr());
        ForkedJvm.Result dumped = ForkedJvm.exec(dir.resolve("dump"), List.of(ForkedJvm.JAVA, "-Xshare:dump",
                "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + archive, "-cp", jar.toString()), 120);
        assertEquals(0, dumped.exitCode(), dumped.stdout() + dumped.stderr());

        ForkedJvm.Result without = shared(archive, jar, null);
        assertTrue(without.stdout().contains(APP + " source: shared objects file"),
                "the archive must serve the application's class without the agent:\n" + without.stdout());

        ForkedJvm.Result with = shared(archive, jar, "reportOnExit=false,reportDir=" + dir.resolve("reports"));
        assertEquals(0, with.exitCode(), with.stderr());
        assertTrue(with.stdout().contains("main ran") && with.stdout().contains("thread ran"), with.stdout());
        assertFalse(with.stdout().contains(WARNING) || with.stderr().contains(WARNING), with.stderr());
        assertTrue(with.stdout().contains(APP + " source: shared objects file"),
                "with the agent the application's class must still come from the archive:\n" + grep(with.stdout()));
        assertTrue(with.stdout().contains("io.threadstorm.bootstrap.Recorder source: __JVM_DefineClass__"),
                "the bootstrap classes are defined, not read from a boot class path:\n" + grep(with.stdout()));
        assertTrue(with.stdout().contains("recorder loader null"), with.stdout());
        assertTrue(with.stdout().contains("jdk.internal.misc closed"),
                "the package the agent defines through stays closed to the application:\n" + with.stdout());
    }

    @Test
    void sharingStaysOnWithTheDefaultArchiveAndNoWarningIsPrinted() throws Exception {
        ForkedJvm.Result r = ForkedJvm.exec(dir.resolve("default"), List.of(ForkedJvm.JAVA, "-Xshare:on",
                "-Xlog:cds=info", "-javaagent:" + ForkedJvm.AGENT_JAR + "=reportOnExit=false,reportDir="
                        + dir.resolve("reports"), "-cp", ForkedJvm.TEST_CLASSES.toString(), APP), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("main ran"), r.stdout());
        assertFalse(r.stdout().contains(WARNING) || r.stderr().contains(WARNING), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("recorder loader null"), r.stdout());
    }

    private ForkedJvm.Result shared(Path archive, Path jar, String agentOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info"));
        if (agentOptions != null) {
            cmd.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=" + agentOptions);
        }
        cmd.addAll(List.of("-cp", jar.toString(), APP));
        return ForkedJvm.exec(dir.resolve(agentOptions == null ? "without" : "with"), cmd, 60);
    }

    /** The application's class archive holds classes from jars only: the test classes go into one. */
    private Path appJar() throws Exception {
        Path jar = dir.resolve("app.jar");
        String entry = APP.replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            Files.copy(ForkedJvm.TEST_CLASSES.resolve(entry), out);
            out.closeEntry();
        }
        return jar;
    }

    private static String grep(String log) {
        return String.join("\n", log.lines().filter(l -> l.contains("io.threadstorm") || l.contains("Sharing"))
                .toList());
    }
}
