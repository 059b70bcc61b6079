package dev.squall.testing.guide;

import dev.squall.web.Application;
import dev.squall.web.RequestHandler;

/** The application of DESIGN.md's first example, as the guide's four-line test serves it. */
public final class Hello {
    private Hello() {}

    /** Returns the application. */
    public static Application app() {
        return Application.builder().route("/", MainHandler::new).build();
    }

    static final class MainHandler extends RequestHandler {
        @Override
        public void get() {
            write("Hello, world");
        }
    }
}
