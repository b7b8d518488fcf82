package dev.onstage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from /proc (Linux): of a process, and of the whole machine, to see who used the cores during a run. */
final class CpuTime {

    /** Linux reports CPU times in clock ticks of 1/100 s (getconf CLK_TCK) on every common platform. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuTime() {
    }

    /** User + system time of a process, in nanoseconds; -1 when unknown. */
    static long ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy time of all cores together (everything but idle and iowait), in nanoseconds; -1 when unknown. */
    static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's CPU time, in nanoseconds. */
    static long self() {
        return ofProcess(ProcessHandle.current().pid());
    }
}
