package dev.squall.web;

/** {@link EtagTest}, over real sockets through {@link Application#listen}. */
class EtagSocketTest extends EtagTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
