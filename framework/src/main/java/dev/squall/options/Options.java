package dev.squall.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A set of typed options read from the command line, the environment and a config file, as Tornado's
 * {@code tornado.options}.
 *
 * <pre>{@code
 * Options options = new Options();
 * Option<Integer> port = options.define("port", 8888).help("port to listen on");
 * Option<Boolean> debug = options.define("debug", false).help("restart on code changes");
 * Option<List<String>> origins = options.defineList("origins", OptionType.STRING, List.of());
 * List<String> rest = options.parseCommandLine(args);    // --port=9000 --debug --origins=a.com,b.com
 * if (options.helpRequested()) { System.out.print(options.help("Usage: app [OPTIONS]")); return; }
 * }</pre>
 *
 * <p>Command-line rules, as Tornado's: {@code --name=value} (one or two leading dashes); {@code -} and
 * {@code _} in names are equal; a boolean given alone ({@code --debug}) is true. A value is always attached
 * with {@code =}: {@code --port 80} is refused with a message saying to write {@code --port=80}, so that
 * {@code --debug file.txt} can never swallow a positional argument. Arguments that do not start with
 * {@code -}, a lone {@code -}, and everything after {@code --} are positional and returned in order. Unknown
 * options, missing values and values of the wrong type throw {@link OptionException} (exit status 2) naming
 * the option, with the closest defined name when there is one.
 *
 * <p>Sources and precedence: {@link #parseCommandLine} over {@link #parseEnvironment} over
 * {@link #parseConfigFile} over the default, whatever order they are called in. Reading a source again
 * replaces what that source gave before.
 *
 * <p>Not thread-safe: define and parse on one thread (usually {@code main}), then read the values anywhere.
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
     * @param defaultValue the value when no source gives one
     * @return the option; set its help, group... on it
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Integer> define(String name, int defaultValue) {
        return define(name, defaultValue, OptionType.INT);
    }

    /**
     * Defines a long option.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Long> define(String name, long defaultValue) {
        return define(name, defaultValue, OptionType.LONG);
    }

    /**
     * Defines a floating-point option.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Double> define(String name, double defaultValue) {
        return define(name, defaultValue, OptionType.DOUBLE);
    }

    /**
     * Defines a boolean option; {@code --name} alone means {@code --name=true}.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Boolean> define(String name, boolean defaultValue) {
        return define(name, defaultValue, OptionType.BOOLEAN);
    }

    /**
     * Defines a text option.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<String> define(String name, String defaultValue) {
        return define(name, defaultValue, OptionType.STRING);
    }

    /**
     * Defines a duration option: {@code 45s}, {@code 1h 30m}, {@code 500ms}, {@code PT1H} ({@link Durations}).
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Duration> define(String name, Duration defaultValue) {
        return define(name, defaultValue, OptionType.DURATION);
    }

    /**
     * Defines a path option.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<Path> define(String name, Path defaultValue) {
        return define(name, defaultValue, OptionType.PATH);
    }

    /**
     * Defines an enum option, read in any case with {@code -} and {@code _} equal ({@link OptionType#enumOf}).
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one; its class gives the choices
     * @param <E> the enum
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public <E extends Enum<E>> Option<E> define(String name, E defaultValue) {
        return define(name, defaultValue, OptionType.enumOf(defaultValue.getDeclaringClass()));
    }

    /**
     * Defines an option of any type.
     *
     * @param name the name, without dashes
     * @param defaultValue the value when no source gives one
     * @param type reads and writes the values
     * @param <T> the value's type
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public <T> Option<T> define(String name, T defaultValue, OptionType<T> type) {
        String n = normalize(name);
        if (n.isEmpty() || n.startsWith("-") || !validName(n)) {
            throw new IllegalArgumentException(
                    "invalid option name '" + name + "': use letters, digits, - or _, without leading dashes");
        }
        if (n.equals("help")) {
            throw new IllegalArgumentException("--help is built in; choose another option name");
        }
        if (options.containsKey(n)) {
            throw new IllegalArgumentException("option --" + n + " is defined twice");
        }
        Option<T> option = new Option<>(n, type, defaultValue);
        options.put(n, option);
        return option;
    }

    /**
     * Defines a list option, comma-separated ({@code --ports=80,443}); repeated occurrences add up
     * ({@code --ports=80 --ports=443}), as Tornado's {@code multiple=True}.
     *
     * @param name the name, without dashes
     * @param element the type of each value
     * @param defaultValue the list when no source gives one
     * @param <T> the type of each value
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public <T> Option<List<T>> defineList(String name, OptionType<T> element, List<T> defaultValue) {
        return define(name, List.copyOf(defaultValue), OptionType.listOf(element));
    }

    /**
     * Defines a text option that may be given several times, each occurrence one value, commas included
     * ({@code --header=Accept:a,b --header=X:1}); its default is the empty list.
     *
     * @param name the name, without dashes
     * @return the option
     * @throws IllegalArgumentException if the name is empty, invalid, {@code help}, or already defined
     */
    public Option<List<String>> defineRepeated(String name) {
        return define(name, List.of(), OptionType.repeated(OptionType.STRING));
    }

    /**
     * Returns the option named {@code name} ({@code _} read as {@code -}), or null.
     *
     * @param name the name, without dashes
     * @return the option or null
     */
    public @Nullable Option<?> get(String name) {
        return options.get(normalize(name));
    }

    /** Returns every option, in the order they were defined. */
    public Collection<Option<?>> all() {
        return Collections.unmodifiableCollection(options.values());
    }

    // ------------------------------------------------------------------------------------------------
    // Sources

    /**
     * Reads the command line, replacing what an earlier call gave. If {@code --help} appears among the
     * options nothing else is read or checked and {@link #helpRequested()} turns true: print
     * {@link #help(String)} and exit 0.
     *
     * @param args the command-line arguments (without the program's name)
     * @return the positional arguments, in order
     * @throws OptionException for an unknown option, a missing or malformed value; nothing is changed then
     */
    public List<String> parseCommandLine(String... args) {
        helpRequested = false;
        int end = args.length;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                end = i;
                break;
            }
            if (isOption(args[i]) && normalize(stripDashes(args[i])).equals("help")) {
                helpRequested = true;
                return List.of();
            }
        }
        Map<Option<?>, Object> values = new LinkedHashMap<>();
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
                throw new OptionException(
                        unknownOptionMessage(name, "option --" + name) + "; --help lists the options", name);
            }
            if (eq < 0) {
                if (option.type() != OptionType.BOOLEAN) {
                    throw new OptionException(
                            "option --" + name + " needs a value: --" + name + "=" + option.metavar(), name);
                }
                values.put(option, Boolean.TRUE);
                continue;
            }
            Object value = option.parseValue(body.substring(eq + 1), null);
            if (option.multiple()) {
                values.merge(option, value, Options::concat);
            } else {
                values.put(option, value);
            }
        }
        commit(Option.Source.COMMAND_LINE, values);
        return Collections.unmodifiableList(positional);
    }

    /**
     * Reads the environment variables {@code prefix + NAME}, the option's name in upper case with {@code _} for
     * {@code -}: with prefix {@code MYAPP_}, {@code --log-file-prefix} is {@code MYAPP_LOG_FILE_PREFIX}.
     * Empty variables count as unset; variables with the prefix that name no option are ignored (the
     * environment is shared with other programs). Replaces what an earlier call gave.
     *
     * @param prefix the application's prefix, such as {@code "MYAPP_"}; not empty, so that {@code PATH} or
     *     {@code HOME} are never read as options
     * @throws OptionException for a malformed value, naming the variable
     * @throws IllegalArgumentException if the prefix is empty
     */
    public void parseEnvironment(String prefix) {
        parseEnvironment(prefix, System.getenv());
    }

    /**
     * Reads options from {@code environment} as {@link #parseEnvironment(String)} reads them from the
     * process's environment.
     *
     * @param prefix the application's prefix, not empty
     * @param environment variable names to values
     * @throws OptionException for a malformed value, naming the variable
     * @throws IllegalArgumentException if the prefix is empty
     */
    public void parseEnvironment(String prefix, Map<String, String> environment) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("give an environment prefix such as \"MYAPP_\", so that PATH, "
                    + "HOME and the like are never read as options");
        }
        Map<Option<?>, Object> values = new LinkedHashMap<>();
        for (Option<?> option : options.values()) {
            String variable = environmentVariable(prefix, option.name());
            String text = environment.get(variable);
            if (text != null && !text.isEmpty()) {
                values.put(option, option.parseValue(text, "environment variable " + variable));
            }
        }
        commit(Option.Source.ENVIRONMENT, values);
    }

    /**
     * Returns the environment variable that {@link #parseEnvironment(String)} reads for an option.
     *
     * @param prefix the prefix, such as {@code "MYAPP_"}
     * @param name the option's name
     * @return e.g. {@code MYAPP_LOG_FILE_PREFIX}
     */
    public static String environmentVariable(String prefix, String name) {
        return prefix + normalize(name).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Reads a config file, replacing what an earlier call gave. The format is a small subset of TOML, which
     * also reads most of Tornado's Python config files unchanged:
     *
     * <pre>
     * # comments start with #
     * port = 8888
     * address = "0.0.0.0"            # quoted ("..." with \ escapes, or '...' as written) or bare
     * idle_timeout = 1h 30m
     * origins = ["a.example", "b.example"]   # list options; or "a.example,b.example"
     * </pre>
     *
     * <p>Each line is one {@code name = value}; names are option names ({@code -} and {@code _} equal). A name
     * no option has, a name given twice, a {@code [table]} header, or a value the option cannot read is an
     * {@link OptionException} naming the file and line: a misspelt setting never goes unnoticed.
     *
     * @param file the file, in UTF-8
     * @throws IOException if the file cannot be read
     * @throws OptionException for a line that cannot be used
     */
    public void parseConfigFile(Path file) throws IOException {
        parseConfig(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Reads config text in {@link #parseConfigFile}'s format.
     *
     * @param text the contents
     * @param origin names the text in error messages, such as the file's name
     * @throws OptionException for a line that cannot be used
     */
    public void parseConfig(String text, String origin) {
        Map<Option<?>, Object> values = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigFile.Entry entry : ConfigFile.parse(text, origin)) {
            String where = origin + ":" + entry.line();
            String name = normalize(entry.name());
            Option<?> option = options.get(name);
            if (option == null) {
                throw new OptionException(where + ": " + unknownOptionMessage(name, "unknown setting " + name), name);
            }
            if (!seen.add(name)) {
                throw new OptionException(where + ": " + name + " is set twice", name);
            }
            values.put(
                    option,
                    entry.values() == null
                            ? option.parseValue(entry.value(), where)
                            : parseArray(option, entry.values(), where));
        }
        commit(Option.Source.CONFIG_FILE, values);
    }

    private static Object parseArray(Option<?> option, List<String> items, String where) {
        if (!option.multiple()) {
            throw new OptionException(
                    where + ": option --" + option.name() + " takes one value, not a list", option.name());
        }
        Object all = List.of();
        for (String item : items) {
            all = concat(all, option.parseValue(item, where));
        }
        option.checkUnchecked(all, where);
        return all;
    }

    private void commit(Option.Source source, Map<Option<?>, Object> values) {
        for (Option<?> option : options.values()) {
            option.set(source, values.get(option));
        }
        for (Option<?> option : values.keySet()) {
            option.runCallback();
        }
    }

    private static Object concat(Object a, Object b) {
        List<Object> out = new ArrayList<>((List<?>) a);
        out.addAll((List<?>) b);
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------------
    // Help

    /** Returns whether the last {@link #parseCommandLine} saw {@code --help}. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /**
     * Returns the help text, as Tornado's {@code print_help}: the usage line, then the options group by group
     * (ungrouped ones first, under {@code Options:}), each with its placeholder, help and default, then
     * {@code --help} itself.
     *
     * @param usage the first line, e.g. {@code "Usage: myapp [OPTIONS]"}
     * @return the text, ending with a newline
     */
    public String help(String usage) {
        Map<String, List<String[]>> groups = new LinkedHashMap<>();
        groups.put("", new ArrayList<>());
        int width = "--help".length();
        for (Option<?> o : options.values()) {
            String left =
                    o.type() == OptionType.BOOLEAN ? "--" + o.name() + "[=BOOL]" : "--" + o.name() + "=" + o.metavar();
            groups.computeIfAbsent(o.group(), g -> new ArrayList<>()).add(new String[] {left, helpLine(o)});
            width = Math.max(width, left.length());
        }
        groups.get("").add(new String[] {"--help", "show this help and exit"});
        StringBuilder sb = new StringBuilder(usage).append('\n');
        for (Map.Entry<String, List<String[]>> g : groups.entrySet()) {
            if (g.getValue().isEmpty()) {
                continue;
            }
            sb.append('\n')
                    .append(g.getKey().isEmpty() ? "Options" : g.getKey() + " options")
                    .append(":\n");
            for (String[] row : g.getValue()) {
                sb.append("  ").append(row[0]);
                if (!row[1].isEmpty()) {
                    sb.append(" ".repeat(width - row[0].length() + 2)).append(row[1]);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static <T> String helpLine(Option<T> o) {
        String help = o.help();
        String extra;
        if (o.type() instanceof OptionType.ListType<?> list && !list.commaSeparated()) {
            extra = "(may be repeated)";
        } else if (o.multiple()) {
            extra = "(comma-separated, may be repeated; default "
                    + quoteEmpty(o.type().format(o.defaultValue())) + ")";
        } else {
            extra = "(default " + quoteEmpty(o.type().format(o.defaultValue())) + ")";
        }
        return help.isEmpty() ? extra : help + " " + extra;
    }

    private static String quoteEmpty(String s) {
        return s.isEmpty() ? "none" : s;
    }

    // ------------------------------------------------------------------------------------------------

    private String unknownOptionMessage(String name, String what) {
        String message = what.startsWith("option") ? "unknown " + what : what;
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
            message += " (did you mean " + (what.startsWith("option") ? "--" : "") + closest + "?)";
        }
        return message;
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
        return name.trim().replace('_', '-');
    }

    private static boolean validName(String n) {
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
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
}
