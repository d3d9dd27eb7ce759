package dev.keepalive.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code kal}: the command line over every Keepalive layer. Errors a user can fix (a bad flag value, an
 * unknown flag, a port in use) are one line on stderr, never a stack trace: exit 2 for usage errors,
 * 1 for failures. Stack traces go to the {@code dev.keepalive.cli} logger at DEBUG.
 */
@Command(
        name = "kal",
        mixinStandardHelpOptions = true,
        versionProvider = Kal.Version.class,
        description = "Keep connections alive and find dead peers fast.",
        subcommands = {ServeCommand.class, ProbeCommand.class, DbCommand.class, HeartbeatCommand.class, WsCommand.class, ProxyCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Kal implements Callable<Integer> {
    /** Exit code for usage errors: bad or unknown flags, values out of range. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when a command fails at run time (e.g. the port is taken). */
    public static final int EXIT_FAILURE = 1;

    private static final System.Logger LOG = System.getLogger("dev.keepalive.cli");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
                .execute(args));
    }

    /** A ready {@code kal} command line writing to {@code out} and {@code err}; tests run it in-process. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Kal());
        cl.setOut(out);
        cl.setErr(err);
        // Last one wins, as in most Unix tools: `kal serve --port 1 --port 2` listens on 2.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler(Kal::usageError);
        cl.setExecutionExceptionHandler(Kal::failure);
        return cl;
    }

    /** {@code kal} alone shows the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + Problems.describe(ex));
        err.flush();
        return EXIT_USAGE;
    }

    private static int failure(Exception ex, CommandLine cl, ParseResult parseResult) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "command_failed " + cl.getCommandSpec().qualifiedName(), ex);
        }
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + Problems.oneLine(ex));
        err.flush();
        return EXIT_FAILURE;
    }

    /** {@code kal --version}: the project version and the Java running it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "kal " + projectVersion(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")
            };
        }

        static String projectVersion() {
            try (InputStream in = Kal.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
