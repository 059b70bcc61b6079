package dev.squall.samples.aggregator;

/**
 * An upstream service the aggregator calls.
 *
 * @param name the key of its answer in the merged document
 * @param url the URL to GET
 */
public record Upstream(String name, String url) {}
