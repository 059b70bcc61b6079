/**
 * The {@code aggregator} sample: a handler that calls several upstream services at once with
 * {@link dev.squall.httpclient.AsyncHttpClient}, each with its own timeout, and merges what came back — with
 * fake upstreams in the same process so it runs on its own.
 */
@NullMarked
package dev.squall.samples.aggregator;

import org.jspecify.annotations.NullMarked;
