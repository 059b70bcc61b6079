/**
 * Application options, as Tornado's {@code tornado.options}: define typed options next to the code that uses
 * them, then read them from the command line, the environment and a config file.
 *
 * <pre>{@code
 * Options options = new Options();
 * Option<Integer> port = options.define("port", 8888).help("port to listen on");
 * Option<Duration> idle = options.define("idle-timeout", Duration.ofMinutes(5)).help("close idle connections");
 * options.parseConfigFile(Path.of("app.conf"));     // lowest precedence
 * options.parseEnvironment("MYAPP_");                // MYAPP_PORT=9000
 * List<String> rest = options.parseCommandLine(args); // --port=9000 wins over both
 * }</pre>
 *
 * <p>Precedence is fixed, whatever order the sources are read in: command line, then environment, then config
 * file, then the default. A bad command line throws an {@link dev.squall.options.OptionException} that names the
 * option and carries exit status 2.
 */
@NullMarked
package dev.squall.options;

import org.jspecify.annotations.NullMarked;
