package dev.keepalive.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace joined to this one by a veth pair: a second host on this machine whose
 * packets cross the kernel's TCP stack, so a firewall rule inside it can make a peer vanish without a
 * FIN or an RST, which a userspace proxy cannot do (it would answer the keepalive probes itself).
 *
 * <pre>
 *   root namespace                      namespace kal-ka-XXXXXXXX
 *   hostAddress 10.213.X.(4k+1)/30 ==veth== peerAddress 10.213.X.(4k+2)/30, lo up
 * </pre>
 * The /30 is chosen at random so that parallel runs don't clash. {@link #close} lifts the DROP, ends the
 * processes started in the namespace, then deletes the veth pair and the namespace; a shutdown hook does
 * the same when the test JVM is stopped mid-run.
 */
final class Netns implements AutoCloseable {
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    final String name;
    final String hostAddress;
    final String peerAddress;
    private final String hostVeth;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanupOnExit;
    private volatile boolean dropping;
    private boolean closed;

    private Netns(String name, String hostVeth, String hostAddress, String peerAddress) {
        this.name = name;
        this.hostVeth = hostVeth;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
        // a test JVM that is killed mid-run still leaves no namespace behind (Ctrl-C, surefire timeout)
        this.cleanupOnExit = new Thread(this::closeQuietly, "netns-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Why namespaces cannot be used here (not root, a tool missing), or empty when they can. */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("network namespaces need Linux, this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            return Optional.of("network namespaces and iptables need root (uid 0)");
        }
        if (tool("ip") == null || tool("ss") == null) {
            return Optional.of("'ip' or 'ss' (iproute2) is not installed");
        }
        if (tool("iptables") == null && tool("nft") == null) {
            return Optional.of("neither 'iptables' nor 'nft' is installed");
        }
        return Optional.empty();
    }

    /**
     * Creates a namespace named {@code kal-ka-<random>} and its veth pair, with addresses up and
     * {@code lo} up inside.
     *
     * @throws IOException with the failing command's output (for example without CAP_NET_ADMIN)
     */
    static Netns create() throws IOException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String name = "kal-ka-" + suffix;
        String hostVeth = "kka" + suffix + "h"; // interface names: at most 15 characters
        String peerVeth = "kka" + suffix + "p";
        String prefix = freeSubnet();
        int base = Integer.parseInt(prefix.substring(prefix.lastIndexOf('.') + 1));
        String net = prefix.substring(0, prefix.lastIndexOf('.') + 1);
        Netns ns = new Netns(name, hostVeth, net + (base + 1), net + (base + 2));
        try {
            run("ip", "netns", "add", name);
            run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", peerVeth);
            run("ip", "link", "set", peerVeth, "netns", name);
            run("ip", "addr", "add", ns.hostAddress + "/30", "dev", hostVeth);
            run("ip", "link", "set", hostVeth, "up");
            run("ip", "-n", name, "addr", "add", ns.peerAddress + "/30", "dev", peerVeth);
            run("ip", "-n", name, "link", "set", peerVeth, "up");
            run("ip", "-n", name, "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            try {
                ns.close(); // deletes the veth pair too, wherever its end is
            } catch (IOException notCreated) {
                e.addSuppressed(notCreated);
            }
            throw e;
        }
        return ns;
    }

    /** A random 10.213.X.Y/30 (as its network address) with no route yet on this host. */
    private static String freeSubnet() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            String subnet = "10.213." + ThreadLocalRandom.current().nextInt(256) + "."
                    + 4 * ThreadLocalRandom.current().nextInt(64);
            if (run("ip", "-4", "route", "show", "to", "match", subnet + "/30").lines()
                    .noneMatch(l -> l.startsWith("10.213."))) {
                return subnet;
            }
        }
        throw new IOException("no free /30 in 10.213.0.0/16 after 20 random picks");
    }

    /**
     * Starts {@link NetnsPeer} in this namespace on this JVM's java and class path; its stdout and
     * stderr become {@link Peer#lines}.
     */
    Peer startPeer() throws IOException {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(tool("ip"), "netns", "exec", name, java,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), NetnsPeer.class.getName(), peerAddress);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        synchronized (processes) {
            processes.add(process);
        }
        return new Peer(process);
    }

    /** Every packet to this namespace is dropped from now on: its hosts vanish, no FIN, no RST. */
    void dropAllInput() throws IOException {
        dropping = true;
        if (tool("iptables") != null) {
            run("ip", "netns", "exec", name, tool("iptables"), "-A", "INPUT", "-j", "DROP");
        } else {
            run("ip", "netns", "exec", name, tool("nft"),
                    "add table inet kal; add chain inet kal input { type filter hook input priority 0; policy drop; }");
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (dropping) {
            // Let the peer's sockets close cleanly: an orphaned socket retransmitting its FIN into the
            // DROP would keep the deleted namespace, and the veth pair with it, alive for minutes.
            try {
                undrop();
            } catch (IOException e) {
                System.err.println("network namespace " + name + ": " + e.getMessage());
            }
        }
        synchronized (processes) {
            for (Process p : processes) {
                p.destroyForcibly();
            }
            for (Process p : processes) {
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // we are the hook
        }
        try {
            run("ip", "link", "del", hostVeth); // takes the namespace's end along
        } catch (IOException alreadyGone) {
            // the namespace took it
        }
        run("ip", "netns", "del", name);
    }

    private void undrop() throws IOException {
        if (tool("iptables") != null) {
            run("ip", "netns", "exec", name, tool("iptables"), "-F", "INPUT");
        } else {
            run("ip", "netns", "exec", name, tool("nft"), "delete table inet kal");
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not delete network namespace " + name + ": " + e.getMessage());
        }
    }

    /** Runs a command to its end; its output, or an IOException with the output when it fails. */
    static String run(String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(command));
        String path = tool(argv.get(0));
        if (path != null) {
            argv.set(0, path);
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no exit within " + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + output.strip());
        }
        return output;
    }

    /** The absolute path of a command on PATH or in the sbin directories (root's tools), or null. */
    static String tool(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0")); // effective uid
        } catch (IOException e) {
            return false;
        }
    }

    /** A {@link NetnsPeer} process: commands in, lines out. */
    static final class Peer {
        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder transcript = new StringBuilder();

        Peer(Process process) {
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name("netns-peer-" + process.pid()).start(() -> {
                try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
        }

        void send(String command) throws IOException {
            commands.write(command + "\n");
            commands.flush();
        }

        /**
         * The next line that starts with {@code prefix}; an {@code error} line, the peer's exit or the
         * timeout fails with everything the peer printed.
         */
        String await(String prefix, long timeoutMillis) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IOException("peer printed no '" + prefix + "' within " + timeoutMillis + " ms"
                            + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")")
                            + "; it printed:\n" + transcript);
                }
                transcript.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("error ")) {
                    throw new IOException("peer failed: " + line + "; it printed:\n" + transcript);
                }
            }
        }
    }
}
