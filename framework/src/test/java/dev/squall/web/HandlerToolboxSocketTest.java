package dev.squall.web;

/** {@link HandlerToolboxTest} over real sockets: the server's parser takes the extra method tokens. */
class HandlerToolboxSocketTest extends HandlerToolboxTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
