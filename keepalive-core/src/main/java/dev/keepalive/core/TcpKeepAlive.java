package dev.keepalive.core;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP keepalive settings for one socket: after {@code idle} without traffic the OS sends a probe every
 * {@code interval}, and declares the peer dead after {@code count} unanswered probes. Detection time is
 * {@code idle + interval × count}. The OS default (Linux 7200 s / 75 s / 9) takes 2 h 11 min.
 *
 * <p>Keepalive probes only run on an idle socket: one with unacknowledged data waits for
 * retransmission timeouts instead (about 15 minutes on Linux). Application heartbeats cover that case.
 *
 * @param idle     idle time before the first probe; whole seconds, 1 s .. 32767 s (Linux's range)
 * @param interval time between probes; whole seconds, 1 s .. 32767 s
 * @param count    unanswered probes before the connection is dropped; 1 .. 127
 */
public record TcpKeepAlive(Duration idle, Duration interval, int count) {

    /** For long-lived sockets we open (WebSocket, DB, heartbeat): 60 s / 10 s / 5, detection ≤ 110 s. */
    public static final TcpKeepAlive LONG_LIVED = new TcpKeepAlive(Duration.ofSeconds(60), Duration.ofSeconds(10), 5);

    public TcpKeepAlive {
        seconds("idle", idle);
        seconds("interval", interval);
        if (count < 1 || count > 127) {
            throw new IllegalArgumentException("count must be in 1..127: " + count);
        }
    }

    public static TcpKeepAlive of(Duration idle, Duration interval, int count) {
        return new TcpKeepAlive(idle, interval, count);
    }

    /**
     * Parses {@code IDLE,INTERVAL,COUNT}, e.g. {@code 60s,10s,5}; durations as {@link Durations#parse}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TcpKeepAlive parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected IDLE,INTERVAL,COUNT such as 60s,10s,5: '" + text + "'");
        }
        int count;
        try {
            count = Integer.parseInt(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count must be a whole number: '" + parts[2].trim() + "'");
        }
        return new TcpKeepAlive(Durations.parse(parts[0].trim()), Durations.parse(parts[1].trim()), count);
    }

    /** Worst case from the peer's death (on an idle socket) to the OS dropping the connection. */
    public Duration detectionTime() {
        return idle.plus(interval.multipliedBy(count));
    }

    /** Whether this JDK and OS can set idle, interval and count per socket. */
    public static boolean supported() {
        return Support.KEEPALIVE_OPTIONS;
    }

    /** Probed once, on first use. */
    private static final class Support {
        static final boolean KEEPALIVE_OPTIONS = probe();

        // The ExtendedSocketOptions constants exist on every JDK 11+ whatever the OS; only a socket's
        // supportedOptions() says whether the platform implements them. An unconnected channel does no I/O.
        private static boolean probe() {
            try (SocketChannel channel = SocketChannel.open()) {
                return channel.supportedOptions().containsAll(Set.of(ExtendedSocketOptions.TCP_KEEPIDLE,
                        ExtendedSocketOptions.TCP_KEEPINTERVAL, ExtendedSocketOptions.TCP_KEEPCOUNT));
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
    }

    /**
     * Turns keepalive on for {@code channel} with these settings.
     *
     * @throws IOException if the socket refuses an option (unsupported OS: see {@link #supported()})
     */
    public void applyTo(NetworkChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        set(channel, ExtendedSocketOptions.TCP_KEEPIDLE, (int) idle.toSeconds());
        set(channel, ExtendedSocketOptions.TCP_KEEPINTERVAL, (int) interval.toSeconds());
        set(channel, ExtendedSocketOptions.TCP_KEEPCOUNT, count);
    }

    private static void set(NetworkChannel channel, SocketOption<Integer> option, int value) throws IOException {
        if (!channel.supportedOptions().contains(option)) {
            throw new IOException("socket option " + option.name() + " is not supported on this OS");
        }
        channel.setOption(option, value);
    }

    private static void seconds(String name, Duration d) {
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofSeconds(32_767)) > 0
                || d.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be whole seconds in 1s..32767s: "
                    + (d == null ? null : Durations.format(d)));
        }
    }

    /** {@code IDLE,INTERVAL,COUNT}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return Durations.format(idle) + "," + Durations.format(interval) + "," + count;
    }
}
