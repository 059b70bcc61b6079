package dev.squall.web;

/** {@link LifecycleTest}, over real sockets through {@link Application#listen}. */
class LifecycleSocketTest extends LifecycleTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
