package dev.keepalive.cli;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * One-line descriptions of what went wrong, naming the flag: {@code --port: expected a whole number: 'x'}.
 * Public only for {@link #oneLine}, which the demo's page uses for its JSON errors too.
 */
public final class Problems {
    private Problems() {
    }

    /** What is wrong with the command line, without the command name. */
    static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            if (first.startsWith("-")) {
                return "unknown option '" + first + "' (see " + help + ")";
            }
            boolean hasCommands = !ex.getCommandLine().getSubcommands().isEmpty();
            return (hasCommands ? "unknown command '" : "unexpected argument '") + first + "' (see " + help + ")";
        }
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            return name(m.getMissing().get(0)) + ": missing value";
        }
        String reason = ex.getCause() instanceof TypeConversionException t ? t.getMessage() : ex.getMessage();
        ArgSpec arg = ex.getArgSpec();
        if (arg == null) {
            return oneLine(reason);
        }
        // picocli's own wording for conversion errors starts "Invalid value for option '--x': ".
        String prefix = "Invalid value for option '" + name(arg) + "': ";
        if (reason != null && reason.startsWith(prefix)) {
            reason = reason.substring(prefix.length());
        }
        return name(arg) + ": " + oneLine(reason);
    }

    /** The message of {@code t} (or its type when it has none) on one line. */
    public static String oneLine(Throwable t) {
        String m = t.getMessage();
        return oneLine(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
    }

    public static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static String name(ArgSpec arg) {
        if (arg instanceof OptionSpec o) {
            return o.longestName();
        }
        return arg.paramLabel();
    }

    /** The last value the user gave for {@code option}, or "" when it came from the defaults. */
    static String givenValue(OptionSpec option) {
        List<String> given = option.originalStringValues();
        return given.isEmpty() ? "" : given.get(given.size() - 1);
    }

    /**
     * Maps an options record's refusal, e.g. "idleTimeout must be > 0: 0s", to the flag that set the
     * value: "--idle-timeout: must be > 0: '0'", quoting what the user typed rather than the parsed
     * value. {@code flagOf} names the flag of a record component, or null when none does.
     */
    static ParameterException refusal(CommandSpec spec, IllegalArgumentException e,
                                      Function<String, String> flagOf) {
        String message = e.getMessage() == null ? "invalid value" : e.getMessage();
        String component = message.split("[ :]", 2)[0];
        String flag = flagOf.apply(component);
        OptionSpec option = flag == null ? null : spec.findOption(flag);
        if (option == null) {
            return new ParameterException(spec.commandLine(), oneLine(message));
        }
        String reason = message.substring(component.length()).strip();
        int colon = reason.lastIndexOf(": ");
        String given = givenValue(option);
        if (colon >= 0) {
            reason = reason.substring(0, colon) + ": '" + given + "'";
        }
        return new ParameterException(spec.commandLine(), oneLine(reason), option, given);
    }
}
