package dev.squall.web;

/** {@link ErrorPageTest}, over real sockets through {@link Application#listen}. */
class ErrorPageSocketTest extends ErrorPageTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
