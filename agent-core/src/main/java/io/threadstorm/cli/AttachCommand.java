package io.threadstorm.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.threadstorm.core.Options;
import io.threadstorm.core.Startup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** {@code attach <pid> [key=value,...]}: loads the agent into a running JVM. */
final class AttachCommand {

    private AttachCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() > 2 || !args.get(0).matches("\\d+")) {
            err.println("threadstorm: usage: attach <pid> [key=value,...]");
            return 2;
        }
        String pid = args.get(0);
        String options = args.size() == 2 ? args.get(1) : "";
        try {
            Options.parse(options, new Properties(), java.util.Map.of()); // fail here, not silently in the target
        } catch (IllegalArgumentException e) {
            err.println("threadstorm: " + e.getMessage());
            return 2;
        }
        Path jar;
        try {
            jar = Path.of(Class.forName("io.threadstorm.agent.AgentEntry").getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (ReflectiveOperationException | java.net.URISyntaxException | RuntimeException e) {
            err.println("threadstorm: cannot find the agent jar: " + e);
            return 1;
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                String version = vm.getSystemProperties().getProperty("java.specification.version", "");
                String ignoredBefore = vm.getAgentProperties().getProperty(Startup.IGNORED_LOADS, "0");
                vm.loadAgent(jar.toString(), options);
                Properties after = vm.getAgentProperties();
                String state = after.getProperty(Startup.STATE, "");
                if (!after.getProperty(Startup.IGNORED_LOADS, "0").equals(ignoredBefore)) {
                    err.println("threadstorm: " + pid + " already runs the agent (" + state + "); it ignored this"
                            + " second copy and kept its options");
                    return 1;
                }
                if (state.startsWith("disabled")) {
                    err.println("threadstorm: the agent did not start in " + pid + ": " + state);
                    return 1;
                }
                out.println("threadstorm: agent loaded into " + pid + "; reports go to its working directory's "
                        + "threadstorm-reports unless reportDir says otherwise");
                if (version.matches("\\d+") && Integer.parseInt(version) >= 21) {
                    out.println("threadstorm: note: JDK " + version + " prints a warning about dynamically loaded"
                            + " agents unless the target runs with -XX:+EnableDynamicAgentLoading");
                }
                return 0;
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | AgentLoadException e) {
            err.println("threadstorm: cannot attach to " + pid + ": " + e.getMessage());
            return 1;
        } catch (com.sun.tools.attach.AgentInitializationException e) {
            err.println("threadstorm: the agent failed to start in " + pid + ": " + e.getMessage());
            return 1;
        }
    }
}
