package io.threadstorm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child processes with their output captured (and kept in a log file). */
final class Proc {

    private Proc() {
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> cmd, Path log, long timeoutSeconds) throws Exception {
        Path dir = Files.createTempDirectory("threadstorm-bench-proc");
        Path o = dir.resolve("out");
        Path e = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        String stdout = Files.readString(o, StandardCharsets.UTF_8);
        String stderr = Files.readString(e, StandardCharsets.UTF_8);
        Files.delete(o);
        Files.delete(e);
        Files.delete(dir);
        if (log != null) {
            Files.writeString(log, "$ " + String.join(" ", cmd) + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr);
        }
        return new Result(p.isAlive() ? -1 : p.exitValue(), stdout, stderr);
    }
}
