package dev.keepalive.websocket;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Node.js peers for interop and browser tests: npm packages are installed by the test itself into
 * {@code target/node} of the module under test (once per clean build), and the test scripts are copied
 * next to them so that {@code require} finds the packages. Without node or npm the tests are skipped with
 * a printed reason. Public, and shipped in this module's test-jar, for keepalive-cli's browser test.
 */
public final class NodeTools {
    public static final Path DIR = Path.of("target", "node").toAbsolutePath();
    /** Debian's Chromium, the one {@code chromium-launch.js} starts. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ReentrantLock INSTALL = new ReentrantLock();

    private NodeTools() {
    }

    /** Skips the calling test (with the reason printed) unless node and {@code packages} are usable. */
    public static void require(String... packages) throws IOException, InterruptedException {
        assumeAvailable("node", "--version");
        INSTALL.lock();
        try {
            List<String> missing = new ArrayList<>();
            for (String p : packages) {
                if (!Files.exists(DIR.resolve("node_modules").resolve(p).resolve("package.json"))) {
                    missing.add(p);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            assumeAvailable("npm", "--version");
            Files.createDirectories(DIR);
            if (!Files.exists(DIR.resolve("package.json"))) {
                Files.writeString(DIR.resolve("package.json"), "{\"name\":\"kal-ws-interop\",\"private\":true}\n");
            }
            List<String> cmd = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
            cmd.addAll(missing);
            Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                skip("npm install " + String.join(" ", missing) + " failed: " + out.strip());
            }
        } finally {
            INSTALL.unlock();
        }
    }

    /**
     * Skips the calling test unless Chromium and playwright-core are usable, and puts
     * {@code chromium-launch.js} (headless Chromium with the flags every browser test wants) into
     * {@link #DIR}, where a script loads it with {@code require('./chromium-launch')}.
     */
    public static void requireChromium() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            skip("no Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        require("playwright-core");
        script("chromium-launch.js");
    }

    private static void assumeAvailable(String command, String arg) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command, arg).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                skip(command + " does not run");
            }
        } catch (IOException e) {
            skip(command + " is missing (" + e.getMessage() + ")");
        }
    }

    public static void skip(String reason) {
        System.out.println("SKIPPED: " + reason);
        assumeTrue(false, reason);
    }

    /**
     * Copies test resource {@code name} into {@link #DIR} and returns its path: a name relative to this
     * package ({@code "browser.js"}) or an absolute resource path ({@code "/dev/keepalive/cli/demo/x.js"}).
     */
    public static Path script(String name) {
        try (InputStream in = NodeTools.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Path target = DIR.resolve(name.substring(name.lastIndexOf('/') + 1));
            Files.createDirectories(DIR);
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running node script; its stdout lines are queued, stderr is echoed with a prefix. */
    public static final class NodeProcess implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer err = new StringBuffer(); // appended by the stderr pump, read by the test

        /** Runs {@code node script args} in {@link #DIR}; {@code script} as for {@link NodeTools#script}. */
        public NodeProcess(String script, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("node", script(script).toString()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).directory(DIR.toFile()).start();
            Thread.ofVirtual().start(() -> pump(process.getInputStream(), true));
            Thread.ofVirtual().start(() -> pump(process.getErrorStream(), false));
        }

        private void pump(InputStream in, boolean out) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (out) {
                        lines.add(line);
                    } else {
                        System.out.println("[node] " + line);
                        err.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        /** The next stdout line starting with {@code prefix} (others are skipped), without the prefix. */
        public String await(String prefix, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("node printed no '" + prefix + "' line within " + millis + " ms; stderr:\n"
                            + err);
                }
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
        }

        public void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
