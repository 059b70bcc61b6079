package dev.squall.web;

/** {@link GzipTest}, over real sockets through {@link Application#listen}. */
class GzipSocketTest extends GzipTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
