package dev.squall.options;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * How an option's text becomes a typed value and back. The built-in types cover what
 * {@link Options#define(String, int)} and its overloads define; {@link Options#define(String, Object, OptionType)}
 * takes any other.
 *
 * <pre>{@code
 * OptionType<InetAddress> address = OptionType.of("ADDRESS", "an IP address", InetAddresses::forString);
 * }</pre>
 *
 * @param <T> the value's type
 */
public interface OptionType<T> {

    /**
     * Parses the text of a value.
     *
     * @param text the text, as given (the parser trims where that makes sense)
     * @return the value
     * @throws IllegalArgumentException if the text is not such a value; a non-null message is added to the
     *     error the user sees
     */
    T parse(String text);

    /**
     * Formats a value as {@code --help} shows it, in the form {@link #parse} reads back.
     *
     * @param value the value
     * @return its text
     */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** Returns the placeholder {@code --help} shows after {@code =}, such as {@code INT}. */
    String metavar();

    /** Returns what a value must be, for error messages: {@code "an integer"}, {@code "true or false"}. */
    String description();

    /**
     * Returns a type from a parsing function.
     *
     * @param metavar the placeholder for {@code --help}
     * @param description what a value must be, for error messages
     * @param parser turns text into a value; throws {@link IllegalArgumentException} for bad text
     * @param <T> the value's type
     * @return the type
     */
    static <T> OptionType<T> of(String metavar, String description, Function<String, T> parser) {
        return new OptionType<>() {
            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public String metavar() {
                return metavar;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /** Integers: {@code 8888}, {@code -1}. */
    OptionType<Integer> INT = of("INT", "an integer", text -> {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException((String) null);
        }
    });

    /** Long integers. */
    OptionType<Long> LONG = of("LONG", "an integer", text -> {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException((String) null);
        }
    });

    /** Floating-point numbers: {@code 0.5}, {@code 1e3}. */
    OptionType<Double> DOUBLE = of("NUMBER", "a number", text -> {
        try {
            double d = Double.parseDouble(text.trim());
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException((String) null);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException((String) null);
        }
    });

    /**
     * Booleans: {@code true}, {@code yes}, {@code on}, {@code 1} and {@code false}, {@code no}, {@code off},
     * {@code 0}, in any case. On the command line {@code --name} alone means true.
     */
    OptionType<Boolean> BOOLEAN =
            of("BOOL", "true or false", text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> Boolean.TRUE;
                case "false", "no", "off", "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException((String) null);
            });

    /** Text, as given. */
    OptionType<String> STRING = of("STRING", "text", text -> text);

    /** File-system paths: {@link Path#of(String, String...)} of the text. */
    OptionType<Path> PATH = of("PATH", "a file path", text -> {
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    });

    /**
     * Durations: {@code 45s}, {@code 1h 30m}, {@code 1.5m}, {@code 500ms}, a bare number of seconds, or ISO-8601
     * ({@code PT1H30M}); see {@link Durations#parse}.
     */
    OptionType<Duration> DURATION = new OptionType<>() {
        @Override
        public Duration parse(String text) {
            return Durations.parse(text);
        }

        @Override
        public String format(Duration value) {
            return Durations.format(value);
        }

        @Override
        public String metavar() {
            return "DURATION";
        }

        @Override
        public String description() {
            return "a duration such as 30s, 1h 30m or 250ms";
        }
    };

    /**
     * Returns the type of an enum's constants, read in any case with {@code -} and {@code _} equal
     * ({@code reuse-port}, {@code REUSE_PORT} and {@code reuseport} all name {@code REUSE_PORT}) and shown in
     * lower case with dashes.
     *
     * @param type the enum class
     * @param <E> the enum
     * @return the type
     */
    static <E extends Enum<E>> OptionType<E> enumOf(Class<E> type) {
        E[] constants = type.getEnumConstants();
        return new OptionType<>() {
            @Override
            public E parse(String text) {
                String wanted = squash(text);
                for (E e : constants) {
                    if (squash(e.name()).equals(wanted)) {
                        return e;
                    }
                }
                throw new IllegalArgumentException((String) null);
            }

            @Override
            public String format(E value) {
                return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }

            @Override
            public String metavar() {
                StringJoiner j = new StringJoiner("|");
                for (E e : constants) {
                    j.add(format(e));
                }
                return j.toString();
            }

            @Override
            public String description() {
                StringJoiner j = new StringJoiner(", ");
                for (E e : constants) {
                    j.add(format(e));
                }
                return "one of " + j;
            }

            private String squash(String s) {
                return s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            }
        };
    }

    /**
     * Returns the type of comma-separated lists of {@code element} ({@code --ports=80,443}); given several
     * times on the command line, the values add up ({@code --ports=80 --ports=443}), as Tornado's
     * {@code multiple=True}.
     *
     * @param element the type of each value
     * @param <T> the type of each value
     * @return the type
     */
    static <T> OptionType<List<T>> listOf(OptionType<T> element) {
        return new ListType<>(element, true);
    }

    /**
     * Returns the type of lists of {@code element} given once per value ({@code --header=A:1 --header=B:2}), for
     * values that may contain commas themselves.
     *
     * @param element the type of each value
     * @param <T> the type of each value
     * @return the type
     */
    static <T> OptionType<List<T>> repeated(OptionType<T> element) {
        return new ListType<>(element, false);
    }

    /**
     * A list type: comma-separated, or one value per occurrence. Package-private: {@link #listOf} and
     * {@link #repeated} make them; {@link Options} recognises them to add up repeated occurrences.
     */
    record ListType<T>(OptionType<T> element, boolean commaSeparated) implements OptionType<List<T>> {
        @Override
        public List<T> parse(String text) {
            List<T> out = new ArrayList<>();
            if (!commaSeparated) {
                out.add(element.parse(text));
                return List.copyOf(out);
            }
            if (text.trim().isEmpty()) {
                return List.of();
            }
            for (String piece : text.split(",", -1)) {
                out.add(element.parse(piece.trim()));
            }
            return List.copyOf(out);
        }

        @Override
        public String format(List<T> value) {
            StringJoiner j = new StringJoiner(",");
            for (T v : value) {
                j.add(element.format(v));
            }
            return j.toString();
        }

        @Override
        public String metavar() {
            return commaSeparated ? element.metavar() + "[,...]" : element.metavar();
        }

        @Override
        public String description() {
            return commaSeparated ? "a comma-separated list of " + element.metavar() : element.description();
        }
    }
}
