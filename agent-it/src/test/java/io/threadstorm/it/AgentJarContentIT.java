package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Nothing but the agent's own packages at the jar's root: every dependency is relocated and hidden under inst/. */
class AgentJarContentIT {

    @Test
    void onlyTheAgentsOwnPackagesAreVisible() throws Exception {
        List<String> bad = new ArrayList<>();
        int hidden = 0;
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith("/")) {
                    continue;
                }
                if (name.startsWith("inst/")) {
                    String inner = name.substring("inst/".length());
                    boolean ok = inner.startsWith("io/threadstorm/") || inner.startsWith("META-INF/");
                    if (!ok || inner.endsWith(".class")) {
                        bad.add(name);
                    }
                    hidden++;
                } else if (!(name.startsWith("io/threadstorm/agent/") || name.startsWith("io/threadstorm/bootstrap/")
                        || name.startsWith("META-INF/"))) {
                    bad.add(name);
                }
            }
            assertEquals(List.of(), bad, "entries outside the agent's own packages");
            assertTrue(hidden > 1000, "the relocated libraries live under inst/");
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/bytebuddy/jar/asm/ClassReader.classdata") != null);
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/jackson/databind/ObjectMapper.classdata") != null);
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/slf4j/LoggerFactory.classdata") != null);
            // the heap proof's reader, with its Kotlin runtime and okio
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/shark/HprofHeapGraph.classdata") != null);
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/kotlin/Unit.classdata") != null);
            assertTrue(jar.getEntry("inst/io/threadstorm/shaded/okio/Okio.classdata") != null);
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.threadstorm.agent.AgentEntry", main.getValue("Premain-Class"));
            assertEquals("io.threadstorm.agent.AgentEntry", main.getValue("Agent-Class"));
            assertEquals("io.threadstorm.agent.AgentEntry", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
        }
    }
}
