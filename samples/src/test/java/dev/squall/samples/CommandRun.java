package dev.squall.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * One sample command run through {@link Main}, as {@code java -jar squall-samples.jar NAME ARGS...} runs it,
 * with what it prints to standard output and standard error kept for the test: the command tests' fixture.
 */
final class CommandRun {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    /** What the command prints as its standard output. */
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);

    /** What the command prints as its standard error. */
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private final String name;
    private final Function<CommandRun, Sample> sample;

    /**
     * @param name the command's name, the first argument
     * @param sample makes the sample, printing to this run's {@link #out} and {@link #err}
     */
    CommandRun(String name, Function<CommandRun, Sample> sample) {
        this.name = name;
        this.sample = sample;
    }

    /** Runs {@code NAME args...} and returns the exit status; the output adds up over runs. */
    int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.run(
                List.of(new Main.Entry(name, "the command under test", () -> sample.apply(this))), all, out, err);
    }

    /** Returns the standard output so far. */
    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    /** Returns the standard error so far. */
    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
