package dev.keepalive.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The faults of a {@link FaultProxy} for code outside this package ({@code kal demo}): a thin public face
 * over the package-private proxy, so its options record and flows stay internal.
 */
public final class FaultProxyHandle implements AutoCloseable {
    private final FaultProxy proxy;

    private FaultProxyHandle(FaultProxy proxy) {
        this.proxy = proxy;
    }

    /** A proxy on {@code host}, port 0, forwarding to {@code upstream}, with no fault on. */
    public static FaultProxyHandle start(String host, InetSocketAddress upstream) throws IOException {
        return new FaultProxyHandle(FaultProxy.start(new InetSocketAddress(host, 0), upstream, ProxyOptions.defaults()));
    }

    public InetSocketAddress address() {
        return proxy.address();
    }

    public int port() {
        return proxy.port();
    }

    /** Every current flow stops forwarding forever, with no FIN and no RST; new flows pass. Returns how many. */
    public int dropAll() {
        return proxy.dropAll();
    }

    /** RST on every current flow; returns how many. */
    public int resetAll() {
        return proxy.resetAll();
    }

    /** Holds (on) or releases (off) the data of every flow, current and new. */
    public void blackhole(boolean on) {
        proxy.update(o -> o.toBuilder().blackhole(on).build());
    }

    public boolean blackholed() {
        return proxy.options().blackhole();
    }

    /**
     * From now on, a flow idle this long stops forwarding forever, with no FIN and no RST (a NAT's idle
     * timeout); {@link Duration#ZERO} turns it off. Flows already idle that long go at once.
     *
     * @throws IllegalArgumentException when {@code idle} is negative or over 24 h
     */
    public void idleDrop(Duration idle) {
        proxy.update(o -> o.toBuilder().idleDrop(idle).build());
    }

    /** The idle-drop time; zero when off. */
    public Duration idleDrop() {
        return proxy.options().idleDrop();
    }

    /** Flows open now, dropped ones included. */
    public int flowCount() {
        return proxy.flows().size();
    }

    /** Flows accepted since the start. */
    public long accepted() {
        return proxy.accepted();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
