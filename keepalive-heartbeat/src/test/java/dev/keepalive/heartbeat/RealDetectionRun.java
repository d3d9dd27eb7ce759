package dev.keepalive.heartbeat;

import dev.keepalive.core.RealTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * The real-time counterpart of {@link DetectionSimulation}, run by hand (not by the test suite, it takes
 * a minute): a real {@link UdpHeartbeatNode} sends every 100 ms through a lossy relay on loopback (5 %
 * loss, uniform 0..50 ms delay, the same fate for every monitor) to one monitor node per detector. The
 * sender is killed every 12 s and restarted on the same port 2 s later; the run prints, per detector,
 * false suspicions while the sender was alive and the time from each kill to the suspicion.
 *
 * <pre>
 *   ./mvnw -q -o -pl keepalive-heartbeat -am test-compile
 *   java -cp keepalive-heartbeat/target/test-classes:keepalive-heartbeat/target/classes:keepalive-core/target/classes \
 *        dev.keepalive.heartbeat.RealDetectionRun [seconds]
 * </pre>
 */
public final class RealDetectionRun {
    private static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private RealDetectionRun() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        HeartbeatOptions base = HeartbeatOptions.builder().interval(Duration.ofMillis(100)).build();
        Map<String, DetectorOptions> detectors = DetectionSimulation.compared();

        List<UdpHeartbeatNode> monitors = new ArrayList<>();
        List<EventLog> logs = new ArrayList<>();
        // the sender's port is fixed before it starts, so it can restart on the same address
        InetSocketAddress senderAddress;
        try (DatagramChannel probe = DatagramChannel.open().bind(LOOPBACK_ANY)) {
            senderAddress = (InetSocketAddress) probe.getLocalAddress();
        }
        for (DetectorOptions d : detectors.values()) {
            EventLog log = new EventLog();
            logs.add(log);
            monitors.add(UdpHeartbeatNode.start(base.toBuilder().detector(d).build(), LOOPBACK_ANY,
                    List.of(senderAddress), log));
        }
        List<InetSocketAddress> monitorAddresses = monitors.stream().map(UdpHeartbeatNode::localAddress).toList();
        try (LossyRelay relay = new LossyRelay(senderAddress, monitorAddresses, 0.05, Duration.ofMillis(50), 1)) {
            String senderId = HeartbeatNode.idOf(senderAddress);
            long start = System.nanoTime();
            List<long[]> downtimes = new ArrayList<>(); // [killed, restarted]
            UdpHeartbeatNode sender = UdpHeartbeatNode.start(base, senderAddress, List.of(relay.address()),
                    HeartbeatListener.NONE);
            long end = start + Duration.ofSeconds(seconds).toNanos();
            long nextKill = start + Duration.ofSeconds(12).toNanos();
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextKill && nextKill + Duration.ofSeconds(2).toNanos() < end) {
                    long killed = System.nanoTime();
                    sender.close();
                    RealTime.sleep(2000, "the sender stays dead for 2 s");
                    sender = UdpHeartbeatNode.start(base, senderAddress, List.of(relay.address()),
                            HeartbeatListener.NONE);
                    downtimes.add(new long[] {killed, System.nanoTime()});
                    nextKill += Duration.ofSeconds(12).toNanos();
                }
                RealTime.sleep(5, "the run loop looks for the next kill every 5 ms");
            }
            sender.close();
            report(seconds, detectors, logs, monitors, senderId, downtimes, relay, start, end);
        } finally {
            monitors.forEach(UdpHeartbeatNode::close);
        }
    }

    private static void report(long seconds, Map<String, DetectorOptions> detectors, List<EventLog> logs,
            List<UdpHeartbeatNode> monitors, String senderId, List<long[]> downtimes, LossyRelay relay, long start,
            long end) {
        System.out.printf(Locale.ROOT, "real run: %d s, interval 100 ms, relay dropped %d of %d heartbeats (%.1f %%),"
                + " delay 0..50 ms, %d kills%n", seconds, relay.dropped, relay.seen, 100.0 * relay.dropped / relay.seen,
                downtimes.size());
        System.out.println("| detector | false suspicions | detection times after each kill | heartbeats | lost |");
        System.out.println("|---|---|---|---|---|");
        List<String> names = new ArrayList<>(detectors.keySet());
        for (int i = 0; i < names.size(); i++) {
            long falsePositives = 0;
            List<Long> detections = new ArrayList<>();
            Map<long[], Long> firstAfterKill = new LinkedHashMap<>();
            for (EventLog.Seen s : logs.get(i).all()) {
                if (s.event().type() != HeartbeatEvent.Type.PEER_SUSPECTED || !s.event().peer().id().equals(senderId)) {
                    continue;
                }
                long[] down = null;
                for (long[] d : downtimes) {
                    if (s.atNanos() >= d[0] && s.atNanos() <= d[1] + Duration.ofSeconds(1).toNanos()) {
                        down = d;
                    }
                }
                if (down == null) {
                    falsePositives++;
                } else {
                    firstAfterKill.putIfAbsent(down, s.atNanos() - down[0]);
                }
            }
            for (long[] d : downtimes) {
                Long t = firstAfterKill.get(d);
                detections.add(t == null ? -1 : t / 1_000_000);
            }
            PeerStatus p = monitors.get(i).monitor().status(senderId, System.nanoTime());
            System.out.printf(Locale.ROOT, "| %s | %d | %s ms | %d | %d |%n", names.get(i), falsePositives,
                    detections.toString().replaceAll("[\\[\\]]", ""), p.heartbeats(), p.lost());
        }
    }

    /** Forwards the sender's datagrams to every monitor with one shared fate: dropped, or delayed. */
    static final class LossyRelay implements AutoCloseable {
        private record Pending(byte[] bytes, long dueNanos) implements Delayed {
            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            }

            @Override
            public int compareTo(Delayed o) {
                return Long.compare(dueNanos, ((Pending) o).dueNanos);
            }
        }

        private final DatagramChannel channel;
        private final DelayQueue<Pending> queue = new DelayQueue<>();
        private final Thread receiver;
        private final Thread forwarder;
        volatile long seen;
        volatile long dropped;

        LossyRelay(InetSocketAddress from, List<InetSocketAddress> to, double loss, Duration jitter, long seed)
                throws IOException {
            channel = DatagramChannel.open().bind(LOOPBACK_ANY);
            SplittableRandom random = new SplittableRandom(seed);
            receiver = Thread.ofPlatform().daemon().name("relay-in").start(() -> {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                try {
                    while (true) {
                        buf.clear();
                        SocketAddress source = channel.receive(buf);
                        if (!from.equals(source)) {
                            continue; // acks from the monitors end here
                        }
                        seen++;
                        if (random.nextDouble() < loss) {
                            dropped++;
                            continue;
                        }
                        buf.flip();
                        byte[] bytes = new byte[buf.remaining()];
                        buf.get(bytes);
                        queue.add(new Pending(bytes, System.nanoTime() + random.nextLong(jitter.toNanos() + 1)));
                    }
                } catch (IOException closed) {
                    // relay closed
                }
            });
            forwarder = Thread.ofPlatform().daemon().name("relay-out").start(() -> {
                try {
                    while (true) {
                        Pending p = queue.take();
                        for (InetSocketAddress target : to) {
                            channel.send(ByteBuffer.wrap(p.bytes()), target);
                        }
                    }
                } catch (IOException | InterruptedException closed) {
                    // relay closed
                }
            });
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws IOException {
            channel.close();
            forwarder.interrupt();
        }
    }
}
