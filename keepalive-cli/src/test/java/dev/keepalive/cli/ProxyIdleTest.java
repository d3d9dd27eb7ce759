package dev.keepalive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keepalive.core.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link FaultProxy#dropIdle} as a function of now, driven by a fake ticker over real loopback flows. */
class ProxyIdleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void dropsFlowsIdleForTheIdleDropTimeAndReturnsTheDelayToTheNextOne() throws Exception {
        AtomicLong now = new AtomicLong(1_000 * MS);
        try (ServerSocket upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", 0),
                        new InetSocketAddress("127.0.0.1", upstream.getLocalPort()),
                        ProxyOptions.builder().idleDrop(Duration.ofSeconds(1)).build(), now::get);
                Socket first = new Socket("127.0.0.1", proxy.port())) {
            awaitFlows(proxy, 1);
            now.addAndGet(300 * MS);
            try (Socket second = new Socket("127.0.0.1", proxy.port())) {
                awaitFlows(proxy, 2);

                assertEquals(400 * MS, proxy.dropIdle(1_600 * MS), "the first flow is due at 2000 ms");
                assertEquals(List.of(Flow.State.OPEN, Flow.State.OPEN), states(proxy));

                assertEquals(300 * MS, proxy.dropIdle(2_000 * MS), "the second flow is due at 2300 ms");
                assertEquals(List.of(Flow.State.DROPPED, Flow.State.OPEN), states(proxy));

                assertEquals(1_000 * MS, proxy.dropIdle(2_300 * MS), "none left to drop: a full period");
                assertEquals(List.of(Flow.State.DROPPED, Flow.State.DROPPED), states(proxy));
            }
        }
    }

    private static List<Flow.State> states(FaultProxy proxy) {
        return proxy.flows().stream().map(Flow::state).toList();
    }

    private static void awaitFlows(FaultProxy proxy, int n) {
        Await.value(n + " flows in the proxy", proxy::flows, flows -> flows.size() >= n, Duration.ofSeconds(2));
    }
}
