/**
 * Squall's runnable samples, in one jar: {@code java -jar samples/target/squall-samples.jar NAME [--option=value ...]}.
 * {@link dev.squall.samples.Main} picks the sample by name; {@link dev.squall.samples.Options} reads the
 * Tornado-style {@code --name=value} options.
 */
@NullMarked
package dev.squall.samples;

import org.jspecify.annotations.NullMarked;
