package dev.keepalive.http;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keepalive.core.TcpKeepAlive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the kernel's view of our sockets with {@code ss -tnoi}: keepalive timers, for tests. */
final class SsSockets {
    static final Pattern KEEPALIVE_TIMER = Pattern.compile("timer:\\(keepalive,([^,]+),(\\d+)\\)");
    /** ss's {@code print_ms_timer}: {@code [Nmin][Nsec | N.]NNNms}. "6.688ms" is 6 s 688 ms, "7sec" is 7 s. */
    private static final Pattern SS_TIME = Pattern.compile("(?:(\\d+)min)?(?:(\\d+)sec)?(?:(\\d+)\\.)?(?:(\\d+)ms)?");

    private SsSockets() {
    }

    /** Skips the calling test class, saying why, when {@code ss} or per-socket keepalive is missing. */
    static void assumeAvailable(String testClass) {
        String ss = null;
        try {
            ss = run(List.of("ss", "-V"));
        } catch (IOException | InterruptedException e) {
            // missing: skipped below
        }
        if (ss == null) {
            System.out.println(testClass + " skipped: `ss` (iproute2) is not installed");
        }
        assumeTrue(ss != null, "`ss` (iproute2) is not installed");
        if (!TcpKeepAlive.supported()) {
            System.out.println(testClass + " skipped: this OS/JDK cannot set TCP_KEEPIDLE per socket");
        }
        assumeTrue(TcpKeepAlive.supported(), "this OS/JDK cannot set TCP_KEEPIDLE per socket");
    }

    /** Established sockets whose local port is {@code port}: the server side. */
    static String localPort(int port) throws IOException, InterruptedException {
        return run(List.of("ss", "-tnoi", "state", "established", "( sport = :" + port + " )"));
    }

    /** Established sockets whose remote port is {@code port}: the client side. */
    static String remotePort(int port) throws IOException, InterruptedException {
        return run(List.of("ss", "-tnoi", "state", "established", "( dport = :" + port + " )"));
    }

    static long millis(String text) {
        Matcher m = SS_TIME.matcher(text);
        assertTrue(!text.isEmpty() && m.matches(), "unexpected ss duration '" + text + "'");
        return 60_000 * number(m.group(1)) + 1_000 * number(m.group(2)) + 1_000 * number(m.group(3))
                + number(m.group(4));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
