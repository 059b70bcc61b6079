package dev.squall.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One defined option: its name, type, default and help, and the values the sources gave it. Made by
 * {@link Options#define(String, int)} and its overloads; the setters return the option so a definition reads as
 * one expression:
 *
 * <pre>{@code
 * Option<Integer> port = options.define("port", 8888)
 *         .help("port to listen on; 0 picks a free one")
 *         .group("Server")
 *         .check(p -> p >= 0 && p <= 65535, "0..65535");
 * ...
 * server.listen(port.value());
 * }</pre>
 *
 * <p>{@link #value()} is the command line's value if it gave one, else the environment's, else the config
 * file's, else the default. Define and parse on one thread; the values may then be read from any thread.
 *
 * @param <T> the value's type
 */
public final class Option<T> {
    /** Where an option's value came from, highest precedence last. */
    public enum Source {
        /** Not given anywhere: the default. */
        DEFAULT,
        /** A config file ({@link Options#parseConfigFile}). */
        CONFIG_FILE,
        /** An environment variable ({@link Options#parseEnvironment}). */
        ENVIRONMENT,
        /** The command line ({@link Options#parseCommandLine}). */
        COMMAND_LINE
    }

    private final String name;
    private final OptionType<T> type;
    private final T defaultValue;
    private String help = "";
    private @Nullable String metavar;
    private String group = "";
    private @Nullable Consumer<? super T> callback;
    private final List<Check<? super T>> checks = new ArrayList<>(1);
    private volatile @Nullable T fileValue;
    private volatile @Nullable T envValue;
    private volatile @Nullable T cliValue;

    Option(String name, OptionType<T> type, T defaultValue) {
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
    }

    /**
     * Sets the one-line help that {@code --help} shows.
     *
     * @param help the text
     * @return this option
     */
    public Option<T> help(String help) {
        this.help = Objects.requireNonNull(help, "help");
        return this;
    }

    /**
     * Sets the placeholder {@code --help} shows after {@code =}, as Tornado's {@code metavar}: {@code --port=PORT}.
     *
     * @param metavar the placeholder; the type's ({@code INT}, {@code DURATION}...) by default
     * @return this option
     */
    public Option<T> metavar(String metavar) {
        this.metavar = Objects.requireNonNull(metavar, "metavar");
        return this;
    }

    /**
     * Puts the option in a group: {@code --help} lists the options group by group, in the order the groups
     * first appear, under a heading with the group's name. Options without a group come first.
     *
     * @param group the group's name, such as {@code "Logging"}
     * @return this option
     */
    public Option<T> group(String group) {
        this.group = Objects.requireNonNull(group, "group");
        return this;
    }

    /**
     * Sets a function called with the option's value after each parse that set it (from any source), as
     * Tornado's {@code callback}. It runs on the parsing thread, after the whole source was read without error.
     *
     * @param callback receives the new value
     * @return this option
     */
    public Option<T> callback(Consumer<? super T> callback) {
        this.callback = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /**
     * Adds a check that every value given must pass; a value that fails is refused as
     * {@code option --port takes 0..65535, got 70000}. The default is not checked.
     *
     * @param test returns true for acceptable values
     * @param expected what a value must be, for the message
     * @return this option
     */
    public Option<T> check(Predicate<? super T> test, String expected) {
        checks.add(new Check<>(Objects.requireNonNull(test, "test"), Objects.requireNonNull(expected, "expected")));
        return this;
    }

    /** Returns the name, normalised ({@code _} read as {@code -}) and without dashes. */
    public String name() {
        return name;
    }

    /** Returns the type. */
    public OptionType<T> type() {
        return type;
    }

    /** Returns the help line ({@code ""} when none was set). */
    public String help() {
        return help;
    }

    /** Returns the placeholder {@code --help} shows after {@code =}. */
    public String metavar() {
        String m = metavar;
        return m != null ? m : type.metavar();
    }

    /** Returns the group ({@code ""} when none was set). */
    public String group() {
        return group;
    }

    /** Returns the default value. */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Returns the value: the command line's, else the environment's, else the config file's, else the default.
     *
     * @return the value; never null
     */
    public T value() {
        T v = cliValue;
        if (v != null) {
            return v;
        }
        v = envValue;
        if (v != null) {
            return v;
        }
        v = fileValue;
        return v != null ? v : defaultValue;
    }

    /** Returns where {@link #value()} comes from. */
    public Source source() {
        if (cliValue != null) {
            return Source.COMMAND_LINE;
        }
        if (envValue != null) {
            return Source.ENVIRONMENT;
        }
        return fileValue != null ? Source.CONFIG_FILE : Source.DEFAULT;
    }

    /** Returns whether any source gave a value. */
    public boolean isSet() {
        return source() != Source.DEFAULT;
    }

    /** Returns whether the option takes a list that repeated occurrences add to. */
    public boolean multiple() {
        return type instanceof OptionType.ListType<?>;
    }

    /** Returns {@code --name=value}, with the current value. */
    @Override
    public String toString() {
        return "--" + name + "=" + type.format(value());
    }

    // ------------------------------------------------------------------------------------------------
    // For Options

    /** Parses {@code text} and runs the checks; the message names the option (and {@code where} if not null). */
    T parseValue(String text, @Nullable String where) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage();
            throw new OptionException(
                    prefix(where) + "takes " + type.description() + ", got '" + text + "'"
                            + (detail != null && !detail.isEmpty() ? ": " + detail : ""),
                    name);
        } catch (ArithmeticException e) {
            throw new OptionException(
                    prefix(where) + "takes " + type.description() + ", got '" + text + "': " + e.getMessage(), name);
        }
        check(value, where);
        return value;
    }

    void check(T value, @Nullable String where) {
        for (Check<? super T> c : checks) {
            if (!c.test().test(value)) {
                throw new OptionException(
                        prefix(where) + "takes " + c.expected() + ", got " + type.format(value), name);
            }
        }
    }

    @SuppressWarnings("unchecked")
    void checkUnchecked(Object value, @Nullable String where) {
        check((T) value, where);
    }

    private String prefix(@Nullable String where) {
        return (where != null ? where + ": " : "") + "option --" + name + " ";
    }

    @SuppressWarnings("unchecked")
    void set(Source source, @Nullable Object value) {
        T v = (T) value;
        switch (source) {
            case COMMAND_LINE -> cliValue = v;
            case ENVIRONMENT -> envValue = v;
            case CONFIG_FILE -> fileValue = v;
            case DEFAULT -> throw new IllegalArgumentException("the default is not set by a source");
        }
    }

    void runCallback() {
        Consumer<? super T> c = callback;
        if (c != null) {
            c.accept(value());
        }
    }

    private record Check<T>(Predicate<T> test, String expected) {}
}
