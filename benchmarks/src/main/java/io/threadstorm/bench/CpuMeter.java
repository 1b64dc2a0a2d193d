package io.threadstorm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes used while a measurement ran: the machine's busy time ({@code /proc/stat}) less
 * this process's own and its reaped children's (the JMH forks and harness processes, {@code /proc/self/stat}).
 * In cores: 0.0 is a quiet machine, 1.0 is another process keeping one core busy. Linux only; elsewhere NaN.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final long busy;
    private final long ours;
    private final long nanos;

    private CpuMeter(long busy, long ours, long nanos) {
        this.busy = busy;
        this.ours = ours;
        this.nanos = nanos;
    }

    static CpuMeter now() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
                    + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + (cpu.length > 8 ? Long.parseLong(cpu[8]) : 0);
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            // after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17)
            long ours = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new CpuMeter(busy, ours, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return new CpuMeter(-1, -1, System.nanoTime());
        }
    }

    /** Cores that other processes kept busy on average since {@code this}. */
    double foreignCores() {
        CpuMeter end = now();
        if (busy < 0 || end.busy < 0) {
            return Double.NaN;
        }
        double seconds = (end.nanos - nanos) / 1e9;
        double foreign = (end.busy - busy) - (end.ours - ours);
        return Math.max(0, foreign / TICKS_PER_SECOND / seconds);
    }
}
