package dev.squall.testsuite.security;

import dev.squall.escape.Escape;
import dev.squall.web.Application;
import dev.squall.web.Authenticated;
import dev.squall.web.CookieOptions;
import dev.squall.web.RequestHandler;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The example of docs/security.md, compiled and tested by {@link LoginExampleTest}. */
final class LoginExample {
    private LoginExample() {}

    static Application app(String cookieSecret, Map<String, String> passwords) {
        return Application.builder()
                .cookieSecret(cookieSecret)
                .loginUrl("/login")
                .xsrfCookies(true)
                .route("/", HomeHandler::new)
                .route("/login", () -> new LoginHandler(passwords))
                .route("/logout", LogoutHandler::new)
                .build();
    }

    /** Every handler of the site knows its user the same way: the signed "user" cookie. */
    abstract static class BaseHandler extends RequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            return getSignedCookie("user");
        }
    }

    /** A page only for signed-in users: others are sent to /login?next=%2F. */
    static final class HomeHandler extends BaseHandler {
        @Authenticated
        @Override
        public void get() {
            write("<p>Hello, " + Escape.xhtmlEscape((String) currentUser()) + "</p>"
                    + "<form method=\"post\" action=\"/logout\">" + xsrfFormHtml()
                    + "<button>Sign out</button></form>");
        }
    }

    static final class LoginHandler extends BaseHandler {
        private final Map<String, String> passwords; // a real site: hashed, in a database, checked off the loop

        LoginHandler(Map<String, String> passwords) {
            this.passwords = passwords;
        }

        @Override
        public void get() {
            write(
                    "<form method=\"post\">" + xsrfFormHtml()
                            + "<input name=\"name\"><input name=\"password\" type=\"password\"><button>Sign in</button></form>");
        }

        @Override
        public void post() { // the XSRF token was checked before this runs
            String name = getArgument("name");
            if (!getArgument("password").equals(passwords.get(name))) {
                setStatus(403);
                write("Wrong name or password");
                return;
            }
            setSignedCookie("user", name, CookieOptions.builder().httpOnly(true).build());
            redirect(nextUrl("/")); // only a path on this site: no open redirect
        }
    }

    static final class LogoutHandler extends BaseHandler {
        @Override
        public void post() {
            clearCookie("user");
            redirect("/");
        }
    }
}
