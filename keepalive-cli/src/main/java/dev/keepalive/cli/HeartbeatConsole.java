package dev.keepalive.cli;

import dev.keepalive.heartbeat.HeartbeatEvent;
import dev.keepalive.heartbeat.HeartbeatNode;
import dev.keepalive.heartbeat.PeerStatus;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The output side of {@code kal heartbeat}. Events arrive on the node's loop thread and are only queued
 * there (the loop must not wait on a slow terminal); one thread, the command's, prints everything, so
 * event lines and tables never interleave. On a terminal the table is redrawn in place, with event lines
 * scrolling above it; otherwise each refresh prints a new table.
 */
final class HeartbeatConsole {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintWriter out;
    private final boolean json;
    private final long refreshNanos;
    private final boolean terminal;
    private final LinkedBlockingQueue<HeartbeatEvent> events = new LinkedBlockingQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Thread runner;
    private HeartbeatNode node;
    private long startNanos;
    private int tableLines;

    HeartbeatConsole(PrintWriter out, boolean json, Duration refresh, boolean terminal) {
        this.out = out;
        this.json = json;
        this.refreshNanos = refresh.toNanos();
        this.terminal = terminal && !json;
    }

    /** Whether stdout is an interactive terminal (JDK 22+ asks the console; 21 has none when redirected). */
    static boolean isTerminal(PrintWriter out) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The listener: called on the node's loop thread, so it only queues. */
    void offer(HeartbeatEvent event) {
        events.offer(event);
    }

    void start(HeartbeatNode node, String transport) {
        this.node = node;
        this.startNanos = System.nanoTime();
        List<String> peers = node.monitor().statuses(startNanos).stream().map(PeerStatus::id).toList();
        String listen = ServeCommand.hostPort(node.localAddress().getAddress().getHostAddress(),
                node.localAddress().getPort());
        out.println(json ? HeartbeatFormat.startJson(node.id(), transport, listen, node.monitor().options(), peers)
                : HeartbeatFormat.startLine(node.id(), transport, node.monitor().options(), peers));
        out.flush();
    }

    /** Prints events as they come and the table every refresh, until {@code deadlineNanos} or {@link #stop()}. */
    void run(long deadlineNanos) {
        runner = Thread.currentThread();
        long nextRefresh = System.nanoTime() + refreshNanos;
        try {
            while (!stopping) {
                long now = System.nanoTime();
                if (now - deadlineNanos >= 0) {
                    break;
                }
                if (now - nextRefresh >= 0) {
                    printTable(now);
                    nextRefresh += refreshNanos;
                    if (now - nextRefresh >= 0) {
                        nextRefresh = now + refreshNanos;
                    }
                    continue;
                }
                HeartbeatEvent e = events.poll(Math.min(nextRefresh, deadlineNanos) - now, TimeUnit.NANOSECONDS);
                if (e != null) {
                    printEvent(e);
                }
            }
        } catch (InterruptedException e) {
            // stop() woke us up: fall through to drain what is queued
        }
        HeartbeatEvent e;
        while ((e = events.poll()) != null) {
            printEvent(e);
        }
        out.flush();
    }

    private void printEvent(HeartbeatEvent e) {
        String line = json
                ? HeartbeatFormat.peerJson(e.type().eventName(), e.peer(), Instant.now().toString(), elapsedMs())
                : LocalTime.now().format(CLOCK) + " " + HeartbeatFormat.eventLine(e);
        if (terminal && tableLines > 0) {
            clearTable();
            out.println(line);
            printTable(System.nanoTime());
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void printTable(long now) {
        List<PeerStatus> peers = node.monitor().statuses(now);
        if (json) {
            String time = Instant.now().toString();
            for (PeerStatus p : peers) {
                out.println(HeartbeatFormat.peerJson("peer_status", p, time, elapsedMs()));
            }
        } else {
            String table = HeartbeatFormat.table(peers);
            if (terminal) {
                clearTable();
                tableLines = (int) table.lines().count();
            } else {
                out.println();
            }
            out.print(table);
        }
        out.flush();
    }

    private void clearTable() {
        if (tableLines > 0) {
            out.print("\033[" + tableLines + "A\r\033[J"); // up over the old table, erase to the end of screen
            tableLines = 0;
        }
    }

    private long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    void summary(HeartbeatNode node) {
        Duration uptime = Duration.ofNanos(System.nanoTime() - startNanos);
        if (json) {
            out.println(HeartbeatFormat.stopJson(uptime.toMillis(), node.stats()));
        } else {
            printTable(System.nanoTime());
            out.println(HeartbeatFormat.summary(uptime, node.stats(), node.monitor().statuses(System.nanoTime())));
        }
        out.flush();
        done.countDown();
    }

    /** Ctrl-C: stop the printing loop and wait (briefly) for the summary before the JVM exits. */
    void stop() {
        stopping = true;
        Thread r = runner;
        if (r != null) {
            r.interrupt();
        }
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
