package dev.keepalive.cli;

import dev.keepalive.cli.demo.Demo;
import dev.keepalive.cli.demo.DemoOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kal demo}: every layer on loopback behind fault proxies, and a page to break them and watch each
 * notice and recover ({@link Demo}). Ctrl-C stops everything and deletes PostgreSQL's data directory.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Every layer live on loopback, each behind a fault proxy: HTTP keep-alive,",
            "WebSocket ping/pong, a JDBC pool on a real PostgreSQL, phi accrual heartbeats.",
            "A page injects faults (drop, idle-drop, blackhole, reset, kill) and shows each",
            "layer notice and recover, or stay unaffected where keepalive kept it busy.",
            "Ctrl-C stops everything.",
            "  kal demo        then open http://127.0.0.1:8080/",
            "  GET /api/snapshot   POST /api/fault?layer=http|ws|db|heartbeat&kind=drop",
            "  (kinds: drop, idle-drop, blackhole, reset; kill on db)"
        })
public final class DemoCommand implements Callable<Integer> {
    /**
     * The page is what kal demo shows: the layers' own INFO lines (proxy_options on every blackhole,
     * pool_start) would only scroll the terminal. Held here so the level set on it is not collected.
     */
    private static final java.util.logging.Logger LAYERS_LOG = java.util.logging.Logger.getLogger("dev.keepalive");

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Address of the page server. Default: 127.0.0.1.")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", converter = Converters.IntConverter.class, description = "Port of the page server; 0 picks a free one. Default: 8080.")
    int port = 8080;

    @Option(names = "--no-db", description = "Skip PostgreSQL: the db card shows unavailable.")
    boolean noDb;

    /**
     * The settings the flags describe.
     *
     * @throws picocli.CommandLine.ParameterException naming the flag when {@link DemoOptions} refuses a value
     */
    DemoOptions demoOptions(PrintWriter out) {
        try {
            return DemoOptions.builder().host(host).port(port).database(!noDb).progress(line -> {
                out.println(line);
                out.flush();
            }).build();
        } catch (IllegalArgumentException e) {
            throw Problems.refusal(spec, e, component -> switch (component) {
                case "host" -> "--host";
                case "port" -> "--port";
                default -> null;
            });
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoOptions options = demoOptions(out);
        if (System.getProperty("java.util.logging.config.file") == null && LAYERS_LOG.getLevel() == null) {
            LAYERS_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        Demo demo;
        try {
            demo = Demo.start(options);
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": cannot start on " + ServeCommand.hostPort(host, port) + ": "
                    + Problems.oneLine(e));
            err.flush();
            return Kal.EXIT_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                out.println(spec.qualifiedName() + ": stopping");
                out.flush();
                demo.close();
                out.println(spec.qualifiedName() + " stopped");
                out.flush();
            } finally {
                stopped.countDown();
            }
            // Stopping on Ctrl-C or SIGTERM is how the demo is meant to end, not a failure: exit 0, not 130/143.
            // Everything is closed and flushed by now; other hooks (the JDK's) have nothing left to do.
            Runtime.getRuntime().halt(0);
        }, "kal-demo-shutdown"));
        out.println(spec.qualifiedName() + ": open " + demo.uri());
        out.flush();
        // The JVM ends when the hook finishes; this thread only keeps the process alive until then.
        stopped.await();
        return 0;
    }
}
