package dev.squall.web;

/** {@link RoutingTest}, over real sockets through {@link Application#listen}. */
class RoutingSocketTest extends RoutingTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
