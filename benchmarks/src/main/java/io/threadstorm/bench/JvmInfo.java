package io.threadstorm.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the measured JVM is. */
record JvmInfo(int feature, String version) {
    static JvmInfo of(Path java) throws Exception {
        Proc.Result r = Proc.run(List.of(java.toString(), "-XshowSettings:properties", "-version"), null, 60);
        String all = r.stdout() + r.stderr();
        Matcher spec = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(all);
        Matcher rt = Pattern.compile("java\\.runtime\\.version = (\\S+)").matcher(all);
        Matcher vendor = Pattern.compile("java\\.vendor = (.+)").matcher(all);
        if (r.exit() != 0 || !spec.find()) {
            throw new IllegalArgumentException("cannot run " + java + ": " + all);
        }
        String version = (rt.find() ? rt.group(1) : "?") + (vendor.find() ? ", " + vendor.group(1).trim() : "");
        return new JvmInfo(Integer.parseInt(spec.group(1)), version);
    }
}
