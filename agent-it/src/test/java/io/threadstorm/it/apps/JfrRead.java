package io.threadstorm.it.apps;

import java.nio.file.Path;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** Prints each threadstorm event of a recording on one line: {@code name|category|field=value|...}. */
public final class JfrRead {

    private JfrRead() {
    }

    public static void main(String[] args) throws Exception {
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String name = e.getEventType().getName();
            if (!name.startsWith("threadstorm.")) {
                continue;
            }
            StringBuilder line = new StringBuilder(name).append('|')
                    .append(String.join("/", e.getEventType().getCategoryNames()));
            for (ValueDescriptor f : e.getEventType().getFields()) {
                if (!f.getName().equals("startTime") && !f.getName().equals("duration")
                        && !f.getName().equals("eventThread")) {
                    line.append('|').append(f.getName()).append('=').append(String.valueOf((Object) e.getValue(f.getName())));
                }
            }
            System.out.println(line);
        }
    }
}
