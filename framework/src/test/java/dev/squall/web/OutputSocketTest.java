package dev.squall.web;

/** {@link OutputTest}, over real sockets through {@link Application#listen}. */
class OutputSocketTest extends OutputTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
