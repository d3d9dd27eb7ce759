package dev.keepalive.bench.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CPU went during a round: this JVM (the client under test), the server JVM, and
 * everything else on the machine (a build, say): the noise to report. Linux /proc only; elsewhere
 * the server and machine figures read as zero.
 */
final class CpuMeter {
    /** USER_HZ: /proc counts in 1/100 s on every Linux this runs on. */
    private static final double TICK_SECONDS = 0.01;

    private final long serverPid;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    /** A reading; {@link #since} turns two into cores used on average. */
    record Sample(long nanos, long clientCpuNanos, long serverTicks, long machineTicks) {
    }

    /** Cores used on average between two samples. */
    record Cores(double client, double server, double others) {
        @Override
        public String toString() {
            return String.format("%.2f/%.2f/%.2f", client, server, others);
        }
    }

    Sample sample() {
        return new Sample(System.nanoTime(), os.getProcessCpuTime(), serverTicks(), machineTicks());
    }

    Cores since(Sample start) {
        Sample end = sample();
        double wall = (end.nanos - start.nanos) / 1e9;
        double client = (end.clientCpuNanos - start.clientCpuNanos) / 1e9 / wall;
        double server = (end.serverTicks - start.serverTicks) * TICK_SECONDS / wall;
        double machine = (end.machineTicks - start.machineTicks) * TICK_SECONDS / wall;
        return new Cores(client, server, Math.max(0, machine - client - server));
    }

    /** utime + stime of the server JVM (fields 14 and 15 of /proc/PID/stat, counted after "(comm)"). */
    private long serverTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * user + nice + system + steal of all CPUs. Interrupt time is left out: on loopback most of it is
     * the benchmark's own packets, charged to no process, and would show up as "others".
     */
    private static long machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
