package org.casebridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of processes and of the machine, from /proc: utime + stime of /proc/PID/stat (all
 * threads of a process), VmRSS and VmHWM of /proc/PID/status, and the busy share of /proc/stat.
 */
final class ProcStats {

    private static final long SELF = ProcessHandle.current().pid();
    static final int CORES = Runtime.getRuntime().availableProcessors();
    static long clockTicks = 100;

    private ProcStats() {
    }

    static long selfPid() {
        return SELF;
    }

    /** utime + stime in clock ticks, or -1 if the process is gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state(0) ppid(1) ... utime(11) stime(12)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A field of /proc/PID/status in kB (VmRSS, VmHWM), or -1. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Every process below this one. */
    static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    /**
     * The processes of a PostgreSQL server: the postmaster named in the first line of
     * {@code <data dir>/postmaster.pid} and everything below it (backends, checkpointer, WAL writer...).
     * pg_ctl starts the postmaster in a session of its own, so it is not below the JVM that started it.
     */
    static List<Long> postgresProcesses(Path postmasterPidFile) {
        if (postmasterPidFile == null) {
            return List.of();
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).getFirst().strip());
            List<Long> all = new java.util.ArrayList<>();
            all.add(postmaster);
            all.addAll(descendants(postmaster));
            return all;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static Map<Long, Long> cpuTicksOf(List<Long> pids) {
        Map<Long, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            long t = cpuTicks(pid);
            if (t >= 0) {
                ticks.put(pid, t);
            }
        }
        return ticks;
    }

    /** {busy, total} jiffies of all CPUs from the first line of /proc/stat. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = first.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
            long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * CPU used over a window by the gateway (its JVM), its child processes (embedded PostgreSQL),
     * this process (the generator) and the whole machine; plus memory peaks sampled meanwhile.
     */
    static final class Window implements AutoCloseable {
        private final long gatewayPid;
        private final Path postgresPidFile;
        private final long startNanos = System.nanoTime();
        private final long gatewayStart;
        private final Map<Long, Long> childrenStart;
        private final long selfStart = cpuTicks(SELF);
        private final long[] machineStart = machineTicks();
        private final Thread sampler;
        private volatile boolean sampling = true;
        private volatile long peakGatewayRssKb = -1;
        private volatile long peakChildrenRssKb = -1;

        /**
         * @param gatewayPid      the gateway JVM (or the baseline JVM), -1 if unknown
         * @param postgresPidFile postmaster.pid of the embedded PostgreSQL, null if external
         */
        Window(long gatewayPid, Path postgresPidFile) {
            this.gatewayPid = gatewayPid;
            this.postgresPidFile = postgresPidFile;
            this.gatewayStart = gatewayPid > 0 ? cpuTicks(gatewayPid) : -1;
            this.childrenStart = cpuTicksOf(postgres());
            this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
        }

        private List<Long> postgres() {
            return postgresProcesses(postgresPidFile);
        }

        private void sample() {
            while (sampling) {
                sampleOnce();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sampleOnce() {
            if (gatewayPid > 0) {
                long rss = statusKb(gatewayPid, "VmRSS");
                if (rss > peakGatewayRssKb) {
                    peakGatewayRssKb = rss;
                }
            }
            if (postgresPidFile == null) {
                return;
            }
            long children = 0;
            for (long pid : postgres()) {
                long kb = statusKb(pid, "VmRSS");
                if (kb > 0) {
                    children += kb;
                }
            }
            if (children > peakChildrenRssKb) {
                peakChildrenRssKb = children;
            }
        }

        /** Ends the window. */
        Usage finish() {
            sampling = false;
            sampler.interrupt();
            double wall = (System.nanoTime() - startNanos) / 1e9;
            double hz = clockTicks;
            Double gateway = null;
            Double children = null;
            Long hwm = null;
            sampleOnce();
            if (gatewayPid > 0) {
                long end = cpuTicks(gatewayPid);
                gateway = end >= 0 && gatewayStart >= 0 ? (end - gatewayStart) / hz / wall : null;
                long h = statusKb(gatewayPid, "VmHWM");
                hwm = h >= 0 ? h : null;
            }
            if (postgresPidFile != null) {
                long childTicks = 0;
                for (Map.Entry<Long, Long> e : cpuTicksOf(postgres()).entrySet()) {
                    childTicks += e.getValue() - childrenStart.getOrDefault(e.getKey(), 0L);
                }
                children = childTicks / hz / wall;
            }
            double self = (cpuTicks(SELF) - selfStart) / hz / wall;
            long[] machineEnd = machineTicks();
            long totalDelta = machineEnd[1] - machineStart[1];
            double machine = totalDelta > 0 ? (double) (machineEnd[0] - machineStart[0]) / totalDelta * CORES : Double.NaN;
            return new Usage(wall, gateway, children, self, machine,
                    peakGatewayRssKb > 0 ? peakGatewayRssKb : null, hwm, peakChildrenRssKb >= 0 ? peakChildrenRssKb : null);
        }

        @Override
        public void close() {
            sampling = false;
            sampler.interrupt();
        }
    }

    /** What a window watches: a JVM (gateway or baseline) and its PostgreSQL, if embedded. */
    record Target(long pid, Path postgresPidFile) {
        Window window() {
            return new Window(pid, postgresPidFile);
        }
    }

    /**
     * Cores used on average over the window (CPU seconds / wall seconds), and memory in kB.
     *
     * @param gatewayCores  the gateway JVM
     * @param childCores    the gateway's child processes (embedded PostgreSQL), or in baselines the
     *                      baseline JVM's (its embedded PostgreSQL)
     * @param selfCores     this JVM: the load generator, or the baseline driver with its embedded broker
     * @param machineCores  everything on the machine, including other people's load
     */
    record Usage(double wallSeconds, Double gatewayCores, Double childCores, double selfCores, double machineCores,
            Long gatewayPeakRssKb, Long gatewayHwmKb, Long childPeakRssKb) {

        Double otherCores() {
            double known = selfCores + (gatewayCores == null ? 0 : gatewayCores) + (childCores == null ? 0 : childCores);
            return Double.isNaN(machineCores) ? null : Math.max(0, machineCores - known);
        }
    }
}
