package dev.squall.samples.hello;

import dev.squall.http.HttpHandler;

/**
 * hello-bare: {@link HelloSampleTest}'s checks against the same routes on the bare HttpServer. A top-level class,
 * not a nested one, so that Maven Surefire runs it.
 */
class HelloBareSampleTest extends HelloSampleTest {
    @Override
    HttpHandler app() {
        return new HelloHandler();
    }

    @Override
    String jsonContentType() {
        return "application/json";
    }
}
