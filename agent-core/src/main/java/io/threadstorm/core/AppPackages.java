package io.threadstorm.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Guesses the application's package from how the JVM was launched: the main class's package, from
 * {@code sun.java.command} or the main jar's manifest ({@code Start-Class} first, for Spring Boot's launchers).
 * Test runners and launchers are not the application: for them the guess is "anything outside the JDK".
 */
final class AppPackages {

    private static final List<String> LAUNCHERS = List.of("org.apache.maven.surefire.", "org.apache.maven.wrapper.",
            "org.gradle.", "worker.org.gradle.", "com.intellij.", "org.junit.platform.console.",
            "org.eclipse.jdt.internal.junit", "org.springframework.boot.loader.", "org.codehaus.plexus.classworlds.",
            "org.apache.catalina.startup.", "org.jboss.modules.", "io.quarkus.bootstrap.", "org.openjdk.jmh.", "jdk.", "sun.", "com.sun.");

    private AppPackages() {
    }

    static List<String> infer(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return List.of();
        }
        String command = javaCommand.trim();
        int end = 0;
        while (end < command.length() && !Character.isWhitespace(command.charAt(end))) {
            end++; // the first word, with no regular expression to compile at start-up
        }
        String first = command.substring(0, end);
        String main = first.endsWith(".jar") ? mainOf(Path.of(first)) : first;
        if (main == null) {
            return List.of();
        }
        int slash = main.indexOf('/'); // -m module/class
        if (slash >= 0) {
            main = main.substring(slash + 1);
        }
        int dot = main.lastIndexOf('.');
        if (dot <= 0) {
            return List.of();
        }
        for (String launcher : LAUNCHERS) {
            if (main.startsWith(launcher)) {
                return List.of();
            }
        }
        return List.of(main.substring(0, dot));
    }

    private static String mainOf(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return null;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            if (m == null) {
                return null;
            }
            String start = m.getMainAttributes().getValue("Start-Class");
            return start != null ? start : m.getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            return null;
        }
    }
}
