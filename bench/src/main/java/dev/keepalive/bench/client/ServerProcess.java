package dev.keepalive.bench.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ClientBenchServer} in a child JVM (same java, same class path): started, asked for its
 * counters, and stopped. Its stderr goes to a log file.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("READY (\\d+) ([\\d,]*)");

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int mainPort;
    private final List<Integer> stalePorts;

    private ServerProcess(Process process, BufferedReader out, PrintWriter in, int mainPort, List<Integer> stalePorts) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.mainPort = mainPort;
        this.stalePorts = stalePorts;
    }

    static ServerProcess start(List<String> jvmOptions, int staleServers, long staleIdleMs, Path log)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientBenchServer.class.getName(),
                "--stale-servers", Integer.toString(staleServers), "--stale-idle-ms", Long.toString(staleIdleMs)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = out.readLine();
        Matcher m = line == null ? null : READY.matcher(line);
        if (m == null || !m.matches()) {
            process.destroyForcibly();
            throw new IOException("server JVM did not start (first line: " + line + "; see " + log + ")");
        }
        List<Integer> stale = m.group(2).isEmpty() ? List.of()
                : Arrays.stream(m.group(2).split(",")).map(Integer::valueOf).toList();
        return new ServerProcess(process, out, in, Integer.parseInt(m.group(1)), stale);
    }

    private final java.util.concurrent.locks.ReentrantLock statsLock = new java.util.concurrent.locks.ReentrantLock();

    long pid() {
        return process.pid();
    }

    int mainPort() {
        return mainPort;
    }

    List<Integer> stalePorts() {
        return stalePorts;
    }

    /** ServerStats JSON of server {@code index} (0 = main, 1.. = stale servers). */
    String stats(int index) throws IOException {
        String line;
        statsLock.lock(); // one question and its answer at a time on the server's pipes
        try {
            in.println("stats " + index);
            line = out.readLine();
        } finally {
            statsLock.unlock();
        }
        String prefix = "STATS " + index + " ";
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException("server JVM answered '" + line + "' to 'stats " + index + "'");
        }
        return line.substring(prefix.length());
    }

    /** A whole-number field of a flat JSON object such as ServerStats.toJson, or -1. */
    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Override
    public void close() throws InterruptedException {
        in.println("quit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
