package dev.keepalive.cli.demo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Node.js for the browser test: npm packages are installed by the test itself into {@code target/node}
 * (once per clean build) and the script is copied next to them so that {@code require} finds them.
 * Without node or npm the test is skipped with a printed reason. A trimmed copy of keepalive-websocket's
 * test helper of the same name: test code is not shared between modules.
 */
final class NodeTools {
    static final Path DIR = Path.of("target", "node").toAbsolutePath();

    private NodeTools() {
    }

    /** Skips the calling test (with the reason printed) unless node and {@code packages} are usable. */
    static void require(String... packages) throws IOException, InterruptedException {
        assumeAvailable("node", "--version");
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
            Files.writeString(DIR.resolve("package.json"), "{\"name\":\"kal-demo-browser\",\"private\":true}\n");
        }
        List<String> cmd = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        cmd.addAll(missing);
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            skip("npm install " + String.join(" ", missing) + " failed: " + out.strip());
        }
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

    static void skip(String reason) {
        System.out.println("SKIPPED: " + reason);
        assumeTrue(false, reason);
    }

    /** A running node script (a test resource copied into {@link #DIR}); stdout lines are queued, stderr echoed. */
    static final class NodeProcess implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer err = new StringBuffer(); // appended by the stderr pump, read by the test

        NodeProcess(String script, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("node", copy(script).toString()));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).directory(DIR.toFile()).start();
            Thread.ofVirtual().start(() -> pump(process.getInputStream(), true));
            Thread.ofVirtual().start(() -> pump(process.getErrorStream(), false));
        }

        private static Path copy(String name) {
            try (InputStream in = NodeTools.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + name);
                }
                Path target = DIR.resolve(name);
                Files.createDirectories(DIR);
                Files.write(target, in.readAllBytes());
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
        String await(String prefix, long millis) throws InterruptedException {
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
