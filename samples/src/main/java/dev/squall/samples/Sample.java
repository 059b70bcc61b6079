package dev.squall.samples;

import dev.squall.options.Options;

/**
 * One runnable demo in the samples jar. {@link Main} creates a fresh instance per run, lets it define its own
 * options next to the common ones ({@code --port}, {@code --address}, {@code --loops}, {@code --debug},
 * {@code --config} and the logging options), parses the command line, then calls {@link #run}.
 */
public interface Sample {

    /**
     * Defines this sample's own options; keep the returned {@link dev.squall.options.Option} handles in fields and
     * read them in {@link #run}. The default defines none.
     *
     * @param options where to define them
     */
    default void defineOptions(Options options) {}

    /**
     * Runs the sample on the calling (main) thread. A server sample starts its server and returns; its loops
     * keep the process alive until it is stopped (Ctrl-C), when a shutdown hook closes it.
     *
     * @param launch the common options and positional arguments
     * @throws dev.squall.options.OptionException if one of the sample's own options has a value it cannot use; {@link Main} prints
     *     the message and exits with status 2, as for any bad option
     * @throws Exception if the sample cannot start; {@link Main} prints the message and exits with status 1
     */
    void run(Launch launch) throws Exception;
}
