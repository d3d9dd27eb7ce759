package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.jdbc.IdleProbe;
import java.io.PrintWriter;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kal db}: how long a database, and anything in between, lets an idle connection live
 * ({@link IdleProbe}), and the pool settings that keep connections alive under that limit.
 */
@Command(
        name = "db",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures how long the database (and any NAT, firewall or proxy on the way)",
            "lets an idle connection live: holds connections idle for 250ms, 500ms, 1s,",
            "2s, 5s ... up to --max-idle, all at once, stops at the first that dies, and",
            "prints safe keepaliveTime and maxLifetime for the pool.",
            "Durations: 500ms, 2s, 1m, 1h. Exit 1 when the database cannot be reached or",
            "refuses the login."
        })
public final class DbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "JDBC-URL",
            description = "Where to connect, e.g. jdbc:postgresql://host:5432/app.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "User name (else the URL's or the driver's default).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password (else the URL's).")
    String password;

    @Option(names = "--max-idle", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            defaultValue = "10m", description = "Longest idle time to try, at most 1d. Default: ${DEFAULT-VALUE}.")
    Duration maxIdle;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        try {
            IdleProbe.ladder(maxIdle);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage().replaceFirst("^maxIdle ", "").replaceFirst(": [^:]*$", "");
            String given = Problems.givenValue(spec.findOption("--max-idle"));
            throw new ParameterException(spec.commandLine(), reason + ": '" + given + "'", spec.findOption("--max-idle"), given);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String shown = masked(url);
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        IdleProbe.Listener progress = new IdleProbe.Listener() {
            @Override
            public void connected(String product) {
                // only once the login worked: a bad URL or password prints its one error line and nothing else
                out.println("kal db: holding idle connections to " + shown + " for up to " + Durations.format(maxIdle)
                        + "; stops at the first that dies");
                out.flush();
            }

            @Override
            public void step(IdleProbe.Step step) {
                out.println("  idle " + Durations.format(step.idle()) + ": "
                        + (step.alive() ? "alive" : "dead (" + step.evidence() + ")"));
                out.flush();
            }
        };
        IdleProbe.Result r;
        try {
            r = IdleProbe.run(() -> DriverManager.getConnection(url, props), maxIdle, json ? null : progress);
        } catch (SQLException e) {
            err.println(spec.qualifiedName() + ": cannot connect to " + shown + ": " + Problems.oneLine(e));
            err.flush();
            return Kal.EXIT_FAILURE;
        }
        out.print(json ? json(shown, r) : text(r));
        out.flush();
        return 0;
    }

    static String text(IdleProbe.Result r) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("kal db: ").append(r.product()).append(": ");
        if (r.firstDead() == null) {
            sb.append("every idle connection survived up to ").append(Durations.format(r.maxIdle()))
                    .append(" (no idle limit below that)");
        } else if (r.lastAlive() == null) {
            sb.append("even a connection idle for ").append(Durations.format(r.firstDead()))
                    .append(" died: keepalive cannot help, look at the network path");
        } else {
            sb.append("idle connections die after ").append(Durations.format(r.lastAlive())).append(" to ")
                    .append(Durations.format(r.firstDead())).append(" idle");
        }
        sb.append(r.controlLifetime() == null
                ? "; a busy connection lived on"
                : "; a busy connection died too, after " + Durations.format(r.controlLifetime()) + ": a lifetime limit");
        sb.append('\n');
        if (!r.serverSettings().isEmpty()) {
            List<String> kv = new ArrayList<>();
            r.serverSettings().forEach((k, v) -> kv.add(k + "=" + v));
            sb.append("kal db: server settings: ").append(String.join(", ", kv)).append('\n');
        }
        Duration keepalive = r.safeKeepaliveTime();
        sb.append("kal db: safe pool settings: keepaliveTime=")
                .append(keepalive == null ? "none works" : Durations.format(keepalive))
                .append(" maxLifetime=").append(Durations.format(r.safeMaxLifetime())).append('\n');
        return sb.toString();
    }

    static String json(String shownUrl, IdleProbe.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", shownUrl);
        m.put("product", r.product());
        m.put("maxIdleMs", ms(r.maxIdle()));
        m.put("steps", r.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("idleMs", ms(s.idle()));
            step.put("alive", s.alive());
            step.put("evidence", s.evidence());
            return step;
        }).toList());
        m.put("lastAliveMs", ms(r.lastAlive()));
        m.put("firstDeadMs", ms(r.firstDead()));
        m.put("busyConnectionDiedAfterMs", ms(r.controlLifetime()));
        m.put("serverSettings", r.serverSettings());
        m.put("keepaliveTimeMs", ms(r.safeKeepaliveTime()));
        m.put("maxLifetimeMs", ms(r.safeMaxLifetime()));
        m.put("elapsedMs", ms(r.elapsed()));
        return Json.write(m) + "\n";
    }

    private static Long ms(Duration d) {
        return d == null ? null : d.toMillis();
    }

    /** The URL with any password parameter hidden, for output. */
    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
