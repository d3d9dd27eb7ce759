package dev.keepalive.bench.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PoolBenchmark}'s cycles on virtual threads. JMH's own virtual executor (-Djmh.executor=VIRTUAL,
 * JMH 1.37) yields after every operation, times each thread separately and sometimes never gets all
 * threads past its iteration barrier on two carriers; so here one JMH thread starts {@code threads}
 * virtual threads per invocation that share {@value #OPS} cycles between them, and waits for all.
 * Starting 64 virtual threads costs a few microseconds against 64 000 cycles, the same for both pools.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class VirtualPoolBenchmark {
    static final int OPS = 64_000;

    @Param({"keepalive", "hikari"})
    public String pool;

    @Param({"32"})
    public int size;

    /** Virtual threads sharing the work of one invocation. */
    @Param({"1", "8", "64"})
    public int threads;

    private DataSource dataSource;

    @FunctionalInterface
    interface Cycle {
        void run(DataSource dataSource) throws Exception;
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (OPS % threads != 0) {
            throw new IllegalArgumentException("threads must divide " + OPS + ": " + threads);
        }
        dataSource = PoolBenchmark.open(pool, size);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        ((AutoCloseable) dataSource).close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void connectionCycle() throws Exception {
        run(PoolBenchmark::connectionCycle);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void statementCycle() throws Exception {
        run(PoolBenchmark::statementCycle);
    }

    private void run(Cycle cycle) throws Exception {
        int each = OPS / threads;
        DataSource ds = dataSource;
        List<Future<?>> futures = new ArrayList<>(threads);
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                futures.add(vts.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        cycle.run(ds);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : futures) {
            f.get(); // rethrows a pool error instead of counting a failed cycle as done
        }
    }
}
