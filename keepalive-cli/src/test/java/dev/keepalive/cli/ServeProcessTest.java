package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `kal serve` as a real process: the start-up line, and SIGTERM drains and prints the summary. */
class ServeProcessTest {
    private KalProcess kal;

    @AfterEach
    void kill() throws InterruptedException {
        if (kal != null) {
            kal.close();
        }
    }

    @Test
    void badFlagExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        kal = KalProcess.start("serve", "--max-age", "soon");
        Process process = kal.process();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("kal serve: --max-age: expected a duration such as 500ms, 2s or 1m: 'soon'\n", kal.stderr());
        assertEquals("", kal.stdout());
    }

    @Test
    void printsTheStartupLineAndOnSigtermDrainsAndPrintsTheSummary() throws Exception {
        kal = KalProcess.start("serve", "--port", "0", "--threads", "1", "--idle-timeout", "30s");
        Process process = kal.process();
        BlockingQueue<String> out = kal.out();
        BlockingQueue<String> err = kal.err();
        String startup = kal.nextLine(30_000);
        Matcher m = Pattern.compile("kal serve listening on http://127\\.0\\.0\\.1:(\\d+) \\((.*)\\)").matcher(startup);
        assertTrue(m.matches(), startup);
        int port = Integer.parseInt(m.group(1));
        assertEquals("idle-timeout 30s, max-requests 1000, max-age 1h, header-timeout 20s, max-connections 10000,"
                + " keep-alive header on, tcp-keepalive off, threads 1", m.group(2));

        try (RawHttp c = new RawHttp(port)) {
            assertEquals("hello from kal\n", c.get("/").text());
            assertEquals("hello from kal\n", c.get("/").text());
            // SIGTERM. (Process.destroy() would also close our end of the child's stdout.)
            process.toHandle().destroy(); // the shutdown hook closes this idle connection at once
            assertTrue(c.closedByServer());
        }
        assertTrue(process.waitFor(40, TimeUnit.SECONDS), "did not stop");
        String shutting = out.poll(10, TimeUnit.SECONDS);
        assertNotNull(shutting, () -> "exit " + process.exitValue() + ", stdout " + out + ", stderr " + err);
        assertTrue(shutting.startsWith("kal serve: shutting down, draining in-flight requests for up to 30s"), shutting);
        String summary = out.poll(10, TimeUnit.SECONDS);
        assertNotNull(summary);
        assertTrue(summary.matches("kal serve stopped after \\d+[smh]: connections accepted 1, requests 2,"
                + " reuse ratio 50\\.0%, requests per connection 2\\.0, closes SHUTDOWN 1"), summary);
        assertTrue(err.isEmpty(), "stderr: " + err);
    }
}
