package io.threadstorm.dump;

/** The thread dump formats {@link ThreadDumps} reads; it tells them apart by their content, not by the file name. */
public enum DumpFormat {

    /**
     * The VM's {@code Thread.print} text, as {@code jstack <pid>}, {@code jcmd <pid> Thread.print} and
     * {@code kill -3} write it: {@code "name" #12 daemon prio=5 … tid=0x… nid=0x… waiting on condition}, a
     * {@code java.lang.Thread.State:} line, {@code at …} frames, lock lines and a deadlock section.
     */
    THREAD_PRINT,

    /**
     * The plain text of {@code jcmd <pid> Thread.dump_to_file <file>} (JDK 21+): pid, time and version lines,
     * then {@code #12 "name" [virtual] [STATE time]} per thread, virtual threads included.
     */
    DUMP_TO_FILE_TEXT,

    /**
     * The JSON of {@code jcmd <pid> Thread.dump_to_file -format=json <file>} (JDK 21+):
     * {@code threadDump.threadContainers[].threads[]}, virtual threads included.
     */
    DUMP_TO_FILE_JSON
}
