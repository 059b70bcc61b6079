package dev.squall.web;

/** {@link ReverseUrlTest}, over real sockets through {@link Application#listen}. */
class ReverseUrlSocketTest extends ReverseUrlTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
