package dev.squall.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options in the style of Tornado's {@code tornado.options}: each option is defined with a
 * name, a default and a help line, then {@link #parse} reads {@code --name=value} arguments.
 *
 * <pre>{@code
 * Options options = new Options();
 * Options.Option<Integer> port = options.define("port", 8888, "port to listen on");
 * Options.Option<Boolean> verbose = options.define("verbose", false, "log every request");
 * List<String> rest = options.parse(args);        // --port=9000 --verbose
 * server.listen(port.value());
 * }</pre>
 *
 * <p>Rules, as Tornado's: {@code --name=value}; one or two leading dashes; {@code -} and {@code _} in names are
 * equal ({@code --max_body_size} is {@code --max-body-size}); a boolean option given without a value is
 * {@code true}. The option's type is its default's: int, boolean, string or {@link Duration} (written
 * {@code 45s}, {@code 1h 30m}, {@code 500ms} or a number of seconds). {@link #defineRepeated} defines an option
 * that may be given several times ({@code --header=A:1 --header=B:2}). Arguments that do not start with
 * {@code -}, and everything after {@code --}, are positional and returned by {@link #parse}.
 *
 * <p>Not thread-safe: define and parse on one thread, then read the values anywhere.
 */
public final class Options {
    private final Map<String, Option<?>> options = new LinkedHashMap<>();
    private boolean helpRequested;

    /** Creates an empty set of options. */
    public Options() {}

    /**
     * Defines an integer option.
     *
     * @param name the name, without dashes ({@code _} is read as {@code -})
     * @param defaultValue the value when the option is not given
     * @param help one line for {@code --help}
     * @return the option, whose {@link Option#value()} is set by {@link #parse}
     * @throws IllegalArgumentException if the name is empty, invalid or already defined
     */
    public Option<Integer> define(String name, int defaultValue, String help) {
        return add(new Option<>(name, Type.INT, defaultValue, help));
    }

    /**
     * Defines a boolean option; {@code --name} alone means {@code --name=true}.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when the option is not given
     * @param help one line for {@code --help}
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid or already defined
     */
    public Option<Boolean> define(String name, boolean defaultValue, String help) {
        return add(new Option<>(name, Type.BOOL, defaultValue, help));
    }

    /**
     * Defines a string option.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when the option is not given
     * @param help one line for {@code --help}
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid or already defined
     */
    public Option<String> define(String name, String defaultValue, String help) {
        return add(new Option<>(name, Type.STRING, defaultValue, help));
    }

    /**
     * Defines a duration option, written {@code 45s}, {@code 1h 30m}, {@code 1.5m}, {@code 250ms} or a bare
     * number of seconds. Units: {@code d h m min s sec ms us} and their long names ({@code seconds} ...).
     *
     * @param name the name, without dashes
     * @param defaultValue the value when the option is not given
     * @param help one line for {@code --help}
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid or already defined
     */
    public Option<Duration> define(String name, Duration defaultValue, String help) {
        return add(new Option<>(name, Type.DURATION, defaultValue, help));
    }

    /**
     * Defines a string option that may be given several times; its value lists them in order (empty when
     * not given).
     *
     * @param name the name, without dashes
     * @param help one line for {@code --help}
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid or already defined
     */
    public Option<List<String>> defineRepeated(String name, String help) {
        return add(new Option<>(name, Type.REPEATED, List.of(), help));
    }

    private <T> Option<T> add(Option<T> option) {
        if (option.name.equals("help")) {
            throw new IllegalArgumentException("--help is built in; choose another option name");
        }
        if (options.putIfAbsent(option.name, option) != null) {
            throw new IllegalArgumentException("option --" + option.name + " is defined twice");
        }
        return option;
    }

    /**
     * Parses {@code args}, setting the value of every option given. Options and positional arguments may be
     * mixed; {@code --} ends the options. If {@code --help} appears among the options nothing else is parsed
     * or checked and {@link #helpRequested()} turns true: the caller prints {@link #help(String)}.
     *
     * @param args the command-line arguments
     * @return the positional arguments, in order
     * @throws OptionException for an unknown option, a missing or malformed value; its message names the
     *     option and what was expected
     */
    public List<String> parse(String... args) {
        helpRequested = false;
        for (Option<?> option : options.values()) {
            option.value = null;
        }
        int end = args.length;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                end = i;
                break;
            }
            if (isOption(args[i]) && stripDashes(args[i]).equals("help")) {
                helpRequested = true;
                return List.of();
            }
        }
        Map<Option<?>, List<String>> repeated = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i >= end) {
                if (i > end) {
                    positional.add(arg);
                }
                continue;
            }
            if (!isOption(arg)) {
                positional.add(arg);
                continue;
            }
            String body = stripDashes(arg);
            int eq = body.indexOf('=');
            String name = normalize(eq < 0 ? body : body.substring(0, eq));
            Option<?> option = options.get(name);
            if (option == null) {
                throw new OptionException(unknownOptionMessage(name));
            }
            if (eq < 0) {
                if (option.type != Type.BOOL) {
                    throw new OptionException("option --" + name + " needs a value: --" + name + "="
                            + option.type.metavar);
                }
                option.set(Boolean.TRUE);
                continue;
            }
            String text = body.substring(eq + 1);
            if (option.type == Type.REPEATED) {
                repeated.computeIfAbsent(option, o -> new ArrayList<>()).add(text);
            } else {
                option.set(option.type.parse(name, text));
            }
        }
        repeated.forEach((option, values) -> option.set(Collections.unmodifiableList(values)));
        return Collections.unmodifiableList(positional);
    }

    /** Returns whether the last {@link #parse} saw {@code --help}. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /**
     * Returns the help text: a usage line, then each option with its type, help and default, as Tornado's
     * {@code print_help}.
     *
     * @param usage the first line, e.g. {@code "Usage: squall-samples hello [OPTIONS]"}
     * @return the text, ending with a newline
     */
    public String help(String usage) {
        List<String[]> rows = new ArrayList<>();
        for (Option<?> o : options.values()) {
            String left = o.type == Type.BOOL ? "--" + o.name + "[=BOOL]" : "--" + o.name + "=" + o.type.metavar;
            String right = o.help + (o.type == Type.REPEATED ? " (may be repeated)"
                    : " (default " + o.type.format(o.defaultValue) + ")");
            rows.add(new String[] {left, right});
        }
        rows.add(new String[] {"--help", "show this help and exit"});
        int width = 0;
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        StringBuilder sb = new StringBuilder(usage).append("\n\nOptions:\n");
        for (String[] row : rows) {
            sb.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2)).append(row[1]).append('\n');
        }
        return sb.toString();
    }

    private String unknownOptionMessage(String name) {
        String message = "unknown option --" + name;
        String closest = null;
        int best = 3;
        for (String candidate : options.keySet()) {
            int d = editDistance(name, candidate);
            if (d < best) {
                best = d;
                closest = candidate;
            }
        }
        if (closest != null) {
            message += " (did you mean --" + closest + "?)";
        }
        return message + "; --help lists the options";
    }

    private static boolean isOption(String arg) {
        return arg.length() > 1 && arg.charAt(0) == '-';
    }

    private static String stripDashes(String arg) {
        int i = 0;
        while (i < arg.length() && arg.charAt(i) == '-') {
            i++;
        }
        return arg.substring(i);
    }

    private static String normalize(String name) {
        return name.replace('_', '-');
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Parses a duration as {@link #define(String, Duration, String)} describes: {@code 45s}, {@code 1h 30m},
     * {@code 1.5m}, {@code 250ms}, {@code 90} (seconds).
     *
     * @param text the text
     * @return the duration
     * @throws IllegalArgumentException if the text is not such a duration
     */
    public static Duration parseDuration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        long nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a number at '" + s.substring(start) + "'");
            }
            double amount;
            try {
                amount = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s.substring(start, i) + "' is not a number", e);
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            long unitNanos = unitNanos(s.substring(unitStart, i).toLowerCase(Locale.ROOT));
            nanos = Math.addExact(nanos, Math.round(amount * unitNanos));
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
        }
        return Duration.ofNanos(nanos);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1_000_000_000L;
            case "ms", "millisecond", "milliseconds" -> 1_000_000L;
            case "us", "microsecond", "microseconds" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000_000_000L;
            case "d", "day", "days" -> 86_400_000_000_000L;
            case "w", "week", "weeks" -> 604_800_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' (use d, h, m, s, ms or us)");
        };
    }

    private static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.isEmpty() ? d.toNanos() + "ns" : sb.toString();
    }

    private enum Type {
        INT("INT"), BOOL("BOOL"), STRING("STRING"), DURATION("DURATION"), REPEATED("VALUE");

        final String metavar;

        Type(String metavar) {
            this.metavar = metavar;
        }

        Object parse(String name, String text) {
            switch (this) {
                case INT -> {
                    try {
                        return Integer.parseInt(text.trim());
                    } catch (NumberFormatException e) {
                        throw new OptionException("option --" + name + " takes an integer, got '" + text + "'");
                    }
                }
                case BOOL -> {
                    return switch (text.trim().toLowerCase(Locale.ROOT)) {
                        case "true", "yes", "on", "1" -> Boolean.TRUE;
                        case "false", "no", "off", "0" -> Boolean.FALSE;
                        default -> throw new OptionException(
                                "option --" + name + " takes true or false, got '" + text + "'");
                    };
                }
                case DURATION -> {
                    try {
                        return parseDuration(text);
                    } catch (IllegalArgumentException | ArithmeticException e) {
                        throw new OptionException("option --" + name + " takes a duration such as 30s, 1h 30m or"
                                + " 250ms, got '" + text + "': " + e.getMessage());
                    }
                }
                default -> {
                    return text;
                }
            }
        }

        String format(Object value) {
            return this == DURATION ? formatDuration((Duration) value) : String.valueOf(value);
        }
    }

    /**
     * One defined option. Its value is the default until {@link Options#parse} sets it.
     *
     * @param <T> Integer, Boolean, String, Duration, or List of String for a repeated option
     */
    public static final class Option<T> {
        private final String name;
        private final Type type;
        private final T defaultValue;
        private final String help;
        private @Nullable Object value;

        private Option(String name, Type type, T defaultValue, String help) {
            String n = normalize(name);
            if (n.isEmpty() || n.startsWith("-") || n.indexOf('=') >= 0 || n.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("invalid option name '" + name
                        + "': use letters, digits, - or _, without leading dashes");
            }
            this.name = n;
            this.type = type;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        /** Returns the normalised name ({@code _} replaced by {@code -}), without dashes. */
        public String name() {
            return name;
        }

        /** Returns the value given on the command line, or the default. */
        @SuppressWarnings("unchecked")
        public T value() {
            return value != null ? (T) value : defaultValue;
        }

        /** Returns the default value. */
        public T defaultValue() {
            return defaultValue;
        }

        /** Returns whether the last parse set this option. */
        public boolean isSet() {
            return value != null;
        }

        private void set(Object v) {
            value = v;
        }

        @Override public String toString() {
            return "--" + name + "=" + type.format(value());
        }
    }
}
