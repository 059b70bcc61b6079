package dev.squall.web;

/**
 * {@link CoroutineRequestHandlerTest} over real sockets through {@link Application#listen}. What only a real
 * connection or a real loop shows (the client going away mid-request, the blocked-loop watchdog) is tested on
 * the harness, in the testsuite module's {@code CoroutineRequestHandlerSocketOnlyTest}.
 */
class CoroutineRequestHandlerSocketTest extends CoroutineRequestHandlerTest {
    @Override
    WebClient client(Application app) {
        return socket(app);
    }
}
