/**
 * Logs people like to read, as Tornado's {@code tornado.log}: {@link dev.squall.log.Logging#enablePretty} puts a
 * one-line, coloured-on-a-terminal formatter ({@link dev.squall.log.PrettyFormatter}) on the JDK's logging, which
 * is where {@link java.lang.System.Logger} (Squall's only logging API) writes by default, with an optional
 * size-rotated log file; {@link dev.squall.log.LoggingOptions} are Tornado's {@code --logging},
 * {@code --log-file-prefix}, {@code --log-file-max-size} and {@code --log-file-num-backups}.
 *
 * <p>Applications that use SLF4J or Logback instead put {@code org.slf4j:slf4j-jdk-platform-logging} on the
 * class path: it makes every {@code System.Logger} (Squall's included) an SLF4J logger. Squall depends on no
 * logging library.
 */
@NullMarked
package dev.squall.log;

import org.jspecify.annotations.NullMarked;
