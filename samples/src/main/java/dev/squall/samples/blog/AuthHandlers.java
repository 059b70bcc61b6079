package dev.squall.samples.blog;

import dev.squall.web.HttpError;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sign-up of the first author, sign-in and sign-out. Password hashing and checking (PBKDF2, slow on purpose)
 * run in {@code offLoop} with the query, so the loop serves other requests meanwhile.
 */
final class AuthHandlers {
    /** The shortest password accepted. */
    static final int MIN_PASSWORD_LENGTH = 8;

    private AuthHandlers() {}

    /** {@code /auth/create}: the sign-up form, only while no author exists. */
    static final class SignUp extends BlogHandler {
        SignUp(BlogStore store) {
            super(store);
        }

        @Override
        public void get() {
            if (db(BlogStore::hasAuthors)) {
                redirect("/auth/login");
                return;
            }
            show(null);
        }

        @Override
        public void post() {
            String email = getArgument("email").strip();
            String name = getArgument("name").strip();
            String password = getArgument("password");
            if (email.isEmpty() || name.isEmpty() || password.length() < MIN_PASSWORD_LENGTH) {
                setStatus(400);
                show("Give an e-mail address, a name and a password of at least " + MIN_PASSWORD_LENGTH
                        + " characters.");
                return;
            }
            Author author = find(s -> s.createFirstAuthor(email, name, Passwords.hash(password)));
            if (author == null) {
                throw new HttpError(403, null, "sign-up refused: an author exists already");
            }
            signIn(author);
            redirect(nextUrl("/"));
        }

        private void show(@Nullable String error) {
            Map<String, @Nullable Object> model = new HashMap<>();
            model.put("error", error);
            render("blog/signup.jte", model);
        }
    }

    /** {@code /auth/login}: the sign-in form and its check. */
    static final class Login extends BlogHandler {
        Login(BlogStore store) {
            super(store);
        }

        @Override
        public void get() {
            show(null);
        }

        @Override
        public void post() {
            String email = getArgument("email").strip();
            String password = getArgument("password");
            Author author = find(s -> {
                BlogStore.Login login = s.login(email);
                // the hash is checked even for an unknown address, so the time does not tell who has an account
                boolean ok = Passwords.verify(password, login == null ? null : login.passwordHash());
                return ok && login != null ? login.author() : null;
            });
            if (author == null) {
                setStatus(403);
                show("Wrong e-mail address or password.");
                return;
            }
            signIn(author);
            redirect(nextUrl("/"));
        }

        private void show(@Nullable String error) {
            Map<String, @Nullable Object> model = new HashMap<>();
            model.put("error", error);
            model.put("next", getArgument("next", ""));
            render("blog/login.jte", model);
        }
    }

    /** {@code POST /auth/logout}: forgets the author cookie. */
    static final class Logout extends BlogHandler {
        Logout(BlogStore store) {
            super(store);
        }

        @Override
        public void post() {
            clearCookie(AUTHOR_COOKIE);
            redirect("/");
        }
    }
}
