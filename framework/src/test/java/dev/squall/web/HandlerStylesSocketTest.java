package dev.squall.web;

/** {@link HandlerStylesTest}, over real sockets through {@link Application#listen}. */
class HandlerStylesSocketTest extends HandlerStylesTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
