package dev.squall.web;

/** {@link AccessLogTest}, over real sockets through {@link Application#listen}. */
class AccessLogSocketTest extends AccessLogTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
