package dev.squall.httpclient;

import java.util.concurrent.CompletionStage;

/**
 * Streams a request body, as Tornado's {@code body_producer}: called once the request head is sent, it
 * writes chunks with {@link BodyWriter#write} and returns a stage that completes when the body is complete.
 * Waiting on each write's future keeps memory bounded: a slow server slows the producer.
 *
 * <pre>{@code
 * HttpRequest upload = HttpRequest.builder("http://example.com/upload")
 *     .method("PUT")
 *     .bodyProducer(writer -> writer.write(part1).thenCompose(v -> writer.write(part2)))
 *     .build();
 * }</pre>
 *
 * <p>Without a declared length the body goes out with {@code Transfer-Encoding: chunked}. Called on the
 * client's loop; the producer must not block it. A producer can run only once, so a request with a producer
 * is never retried and not re-sent on a 307/308 redirect.
 */
@FunctionalInterface
public interface BodyProducer {
    /**
     * Writes the body.
     *
     * @param writer where the chunks go
     * @return a stage that completes when every chunk has been written (its value is ignored); completing
     *     exceptionally aborts the request with that error
     */
    CompletionStage<?> produce(BodyWriter writer);
}
