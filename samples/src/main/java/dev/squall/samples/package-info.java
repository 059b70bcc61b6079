/**
 * Squall's runnable samples, in one jar: {@code java -jar samples/target/squall-samples.jar NAME [--option=value ...]}.
 * {@link dev.squall.samples.Main} picks the sample by name and reads the options with the framework's
 * {@link dev.squall.options.Options}.
 */
@NullMarked
package dev.squall.samples;

import org.jspecify.annotations.NullMarked;
