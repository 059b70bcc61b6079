/**
 * The {@code fetch} sample: a command-line HTTP client on {@link dev.squall.httpclient.HttpClient}, as
 * {@code python -m tornado.httpclient}.
 */
@NullMarked
package dev.squall.samples.fetch;

import org.jspecify.annotations.NullMarked;
