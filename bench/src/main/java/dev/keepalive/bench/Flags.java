package dev.keepalive.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} command-line flags for the bench mains. Unknown flags and bad values fail at
 * once with the flag, the value and what was expected: a benchmark that silently ran with a default
 * is worse than one that did not run.
 */
final class Flags {
    private final String program;
    private final Map<String, String> values = new HashMap<>();

    private Flags(String program) {
        this.program = program;
    }

    /** Parses {@code args}; every flag must be one of {@code known} (names without the dashes). */
    static Flags parse(String program, String[] args, Set<String> known) {
        Flags flags = new Flags(program);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                throw new IllegalArgumentException(program + ": unknown argument '" + arg + "' (flags: --"
                        + String.join(", --", known.stream().sorted().toList()) + ")");
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(program + ": " + arg + " needs a value");
            }
            flags.values.put(arg.substring(2), args[++i]);
        }
        return flags;
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    int integer(String name, int defaultValue, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException(
                program + ": --" + name + " must be an integer in " + min + ".." + max + ": '" + text + "'");
    }
}
