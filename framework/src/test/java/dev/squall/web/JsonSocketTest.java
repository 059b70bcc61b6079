package dev.squall.web;

/** {@link JsonTest}, over real sockets through {@link Application#listen}. */
class JsonSocketTest extends JsonTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
