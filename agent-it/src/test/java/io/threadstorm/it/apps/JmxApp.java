package io.threadstorm.it.apps;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Calls the agent's JMX operations from inside the application, as jconsole would: writes what {@code snapshot()}
 * and {@code report()} return into the files named by its two arguments.
 */
public final class JmxApp {

    private JmxApp() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread parked = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jmx-parked");
        parked.setDaemon(true);
        parked.start(); // site:jmx
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.threadstorm:type=Agent");
        for (int i = 0; i < 200 && !server.isRegistered(name); i++) {
            Thread.sleep(50);
        }
        Files.writeString(Path.of(args[0]), (String) server.invoke(name, "snapshot", null, null));
        Files.writeString(Path.of(args[1]), (String) server.invoke(name, "report", null, null));
        System.out.println("jmx done");
    }
}
