package io.threadstorm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that does nothing, with the same manifest capabilities as threadstorm's (retransform, redefine). A
 * fork with it shows what the JVM itself charges for any {@code -javaagent}, apart from what the agent's hooks
 * cost: with a JVMTI environment present, JDK 21+ reports every virtual-thread mount and unmount to JVMTI.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing: the point is the agent's presence
    }

    /** Writes the agent jar (this class and a manifest) to {@code jar}, and returns it. */
    static Path write(Path jar) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Premain-Class", EmptyAgent.class.getName());
        a.putValue("Can-Retransform-Classes", "true");
        a.putValue("Can-Redefine-Classes", "true");
        String entry = EmptyAgent.class.getName().replace('.', '/') + ".class";
        Path tmp = Files.createTempFile(jar.getParent(), "empty-agent", ".jar");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m);
             InputStream in = EmptyAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("class file " + entry + " not found on the class path");
            }
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
