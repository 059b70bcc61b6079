package dev.squall.web;

/** {@link ArgumentsTest}, over real sockets through {@link Application#listen}. */
class ArgumentsSocketTest extends ArgumentsTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
