package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code kal args} as a separate JVM (this one's java, this build's class path), for tests of what only a
 * real process shows: start-up lines, exit codes, SIGTERM and the shutdown hook, freed ports. Both
 * streams are read from the start, so the child never blocks on a full pipe: stdout and stderr arrive
 * line by line in {@link #out()} and {@link #err()}, and as exact text in {@link #stdout()} and
 * {@link #stderr()} once the process has ended. {@link #close()} sends SIGTERM, then SIGKILL after 10 s.
 */
public final class KalProcess implements AutoCloseable {
    private final Process process;
    private final Pump out;
    private final Pump err;

    private KalProcess(Process process) {
        this.process = process;
        this.out = new Pump(process.getInputStream());
        this.err = new Pump(process.getErrorStream());
    }

    /** Starts {@code kal args}. */
    public static KalProcess start(String... args) throws IOException {
        Set<String> classpath = new LinkedHashSet<>();
        // where these classes came from (an IDE may not put them in java.class.path), then everything else:
        // kal loads every module's commands when it builds its command line
        for (Class<?> c : List.of(Kal.class, CommandLine.class, HttpServer.class, Durations.class)) {
            try {
                classpath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        classpath.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, classpath),
                Kal.class.getName()));
        command.addAll(List.of(args));
        return new KalProcess(new ProcessBuilder(command).start());
    }

    public Process process() {
        return process;
    }

    /** Stdout, one line at a time as it is printed. */
    public BlockingQueue<String> out() {
        return out.lines;
    }

    /** Stderr, one line at a time as it is printed. */
    public BlockingQueue<String> err() {
        return err.lines;
    }

    /** The next stdout line; fails naming what stderr said if none comes within {@code millis}. */
    public String nextLine(long millis) throws InterruptedException {
        String line = out.lines.poll(millis, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line on stdout within " + millis + " ms"
                    + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + "; stderr: " + err.lines);
        }
        return line;
    }

    /** Everything the process wrote to stdout, exactly; waits for it to end. */
    public String stdout() throws InterruptedException {
        return out.all(process);
    }

    /** Everything the process wrote to stderr, exactly; waits for it to end. */
    public String stderr() throws InterruptedException {
        return err.all(process);
    }

    /** SIGTERM, so that the shutdown hook runs (a SIGKILL would leave a demo's PostgreSQL behind), then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy(); // not process.destroy(): that would also close our end of its stdout
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads one stream to its end, keeping both the exact bytes and the lines. */
    private static final class Pump {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(); // synchronized by itself
        private final Thread thread;

        Pump(InputStream in) {
            thread = Thread.ofPlatform().daemon().start(() -> run(in));
        }

        private void run(InputStream in) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (in) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    bytes.write(b);
                    if (b == '\n') {
                        lines.add(text(line));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            if (line.size() > 0) {
                lines.add(text(line));
            }
        }

        /** As BufferedReader.readLine would give it: without the line end. */
        private static String text(ByteArrayOutputStream line) {
            String s = line.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        String all(Process process) throws InterruptedException {
            process.waitFor();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
