package dev.keepalive.cli;

import dev.keepalive.core.Durations;
import dev.keepalive.core.TcpKeepAlive;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag value parsers. Each failure says what was expected and quotes what was given. */
final class Converters {
    private Converters() {
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m} ... as {@link Durations#parse}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A whole number that fits an {@code int}; range checks belong to the options record. */
    static final class IntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String s = value.strip();
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("expected a whole number: '" + value + "'");
            }
        }
    }

    /** {@code IDLE,INTERVAL,COUNT}, e.g. {@code 60s,10s,5}, as {@link TcpKeepAlive#parse}. */
    static final class TcpKeepAliveConverter implements ITypeConverter<TcpKeepAlive> {
        @Override
        public TcpKeepAlive convert(String value) {
            try {
                return TcpKeepAlive.parse(value);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage();
                // parse names the part that is wrong; add the whole value when it doesn't quote it.
                throw new TypeConversionException(m.contains("'" + value + "'") ? m : m + " (in '" + value + "')");
            }
        }
    }
}
