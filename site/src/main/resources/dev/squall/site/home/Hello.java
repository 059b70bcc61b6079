import dev.squall.web.Application;
import dev.squall.web.RequestHandler;

public final class Hello {
    public static Application app() {
        return Application.builder().route("/", MainHandler::new).build();
    }

    public static void main(String[] args) {
        app().listen(8888);
    }
}

final class MainHandler extends RequestHandler {
    @Override public void get() { write("Hello, world"); }
}
