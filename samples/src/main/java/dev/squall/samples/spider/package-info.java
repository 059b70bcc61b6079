/**
 * The {@code spider} sample: Tornado's webspider demo — a {@link dev.squall.async.Queue} of URLs, N coroutine
 * workers fetching with the pooled {@link dev.squall.httpclient.AsyncHttpClient}, links extracted with jsoup.
 */
@NullMarked
package dev.squall.samples.spider;

import org.jspecify.annotations.NullMarked;
