package dev.squall.web;

/** {@link BuiltInHandlersTest}, over real sockets through {@link Application#listen}. */
class BuiltInHandlersSocketTest extends BuiltInHandlersTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
