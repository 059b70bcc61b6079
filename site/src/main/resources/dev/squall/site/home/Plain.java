import dev.squall.web.RequestHandler;

// Plain: runs on the loop, answers from what it has.
final class Greeting extends RequestHandler {
    @Override public void get() {
        write("Hello, " + getArgument("name", "world"));
    }
}
