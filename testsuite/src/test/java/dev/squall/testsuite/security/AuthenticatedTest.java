package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.async.Async;
import dev.squall.httpclient.HttpResponse;
import dev.squall.loop.IOLoop;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.Authenticated;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.HttpMethod;
import dev.squall.web.RequestHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code @Authenticated} in the three Java styles (Kotlin: SuspendAuthenticatedTest): the user comes from the
 * {@code X-User} header, looked up synchronously, through a stage, or with {@code await} in a coroutine.
 */
@SquallTest
class AuthenticatedTest {
    static Application app() {
        return Application.builder()
                .loginUrl("/login")
                .route("/plain", Plain::new)
                .route("/chained", Chained::new)
                .route("/coroutine", Coroutine::new)
                .route("/whole-class", WholeClass::new)
                .route("/programmatic", Programmatic::new)
                .route("/open", Open::new)
                .route("/either", alternately())
                .logFunction(h -> {})
                .build();
    }

    static final class Plain extends RequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            return request().headers().get("X-User");
        }

        @Authenticated
        @Override
        public void get() {
            write("plain " + currentUser());
        }

        @Authenticated
        @Override
        public void post() {
            write("posted by " + currentUser());
        }
    }

    /** Looks the user up "in a database": a stage that completes on a later loop turn. */
    static final class Chained extends AsyncRequestHandler {
        @Override
        protected CompletionStage<@Nullable Object> getCurrentUserAsync() {
            String header = request().headers().get("X-User");
            CompletableFuture<@Nullable Object> f = new CompletableFuture<>();
            IOLoop.current().callLater(Duration.ofMillis(1), () -> f.complete(header));
            return f;
        }

        @Authenticated
        @Override
        public CompletionStage<?> get() {
            write("chained " + currentUser()); // known: the framework waited for the lookup
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class Coroutine extends CoroutineRequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            String header = request().headers().get("X-User");
            return await(Async.blocking(() -> header)); // a blocking lookup, awaited in the coroutine
        }

        @Authenticated
        @Override
        public void get() {
            write("coroutine " + currentUser());
        }
    }

    @Authenticated
    static final class WholeClass extends RequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            return request().headers().get("X-User");
        }

        @Override
        public void get() {
            write("class " + currentUser());
        }
    }

    /** The programmatic form, for Kotlin and handlers that decide in code. */
    static final class Programmatic extends RequestHandler {
        @Override
        protected @Nullable Object getCurrentUser() {
            return request().headers().get("X-User");
        }

        @Override
        protected boolean requiresAuthentication(HttpMethod method) {
            return !getArgument("public", "no").equals("yes");
        }

        @Override
        public void get() {
            write("programmatic " + currentUser());
        }
    }

    static final class Open extends RequestHandler {
        @Override
        public void get() {
            write("open");
        }
    }

    /** A factory that makes a {@link Plain} (its get() is annotated), then an {@link Open}, then a Plain, ... */
    static Supplier<RequestHandler> alternately() {
        AtomicInteger made = new AtomicInteger();
        return () -> made.getAndIncrement() % 2 == 0 ? new Plain() : new Open();
    }

    static HttpResponse as(TestClient client, String user, String path) {
        return client.fetch(client.request(path).header("X-User", user).build());
    }

    @Test
    void eachStyleServesASignedInUser(TestClient client) {
        assertEquals("plain ada", as(client, "ada", "/plain").bodyText());
        assertEquals("chained ada", as(client, "ada", "/chained").bodyText());
        assertEquals("coroutine ada", as(client, "ada", "/coroutine").bodyText());
        assertEquals("class ada", as(client, "ada", "/whole-class").bodyText());
        assertEquals("programmatic ada", as(client, "ada", "/programmatic").bodyText());
    }

    @Test
    void eachStyleSendsAVisitorToTheLoginPageWithNext(TestClient client) {
        for (String path : new String[] {"/plain", "/chained", "/coroutine", "/whole-class", "/programmatic"}) {
            HttpResponse r = client.fetch(path + "?a=1&b=x%20y");
            assertEquals(302, r.code(), path);
            assertEquals(
                    "/login?next=" + path.replace("/", "%2F") + "%3Fa%3D1%26b%3Dx%2520y", r.header("Location"), path);
        }
    }

    @Test
    void headIsGuardedLikeGet(TestClient client) {
        HttpResponse r = client.fetch(client.request("/plain").method("HEAD").build());
        assertEquals(302, r.code());
    }

    @Test
    void otherMethodsGetA403Not(TestClient client) {
        assertEquals(
                403,
                client.fetch(client.request("/plain").method("POST").body("").build())
                        .code());
        assertEquals(
                200,
                client.fetch(client.request("/plain")
                                .method("POST")
                                .header("X-User", "ada")
                                .body("")
                                .build())
                        .code());
    }

    @Test
    void aMethodWithoutTheAnnotationIsOpen(TestClient client) {
        assertEquals("open", client.fetch("/open").bodyText());
        assertEquals(
                "programmatic null", client.fetch("/programmatic?public=yes").bodyText());
    }

    /** A route keeps the traits of the class it made last: a factory that switches class must not reuse them. */
    @Test
    void aRouteWhoseFactorySwitchesClassesChecksEachClass(TestClient client) {
        for (int i = 0; i < 4; i++) {
            HttpResponse r = client.fetch("/either");
            if (i % 2 == 0) {
                assertEquals(302, r.code(), "request " + i + " (Plain, @Authenticated get)");
            } else {
                assertEquals("open", r.bodyText(), "request " + i + " (Open, no annotation)");
            }
        }
    }

    @Nested
    @SquallTest
    class AbsoluteLoginUrl {
        Application app() {
            return Application.builder()
                    .loginUrl("https://login.example/auth")
                    .route("/plain", Plain::new)
                    .build();
        }

        @Test
        void nextCarriesTheFullUrl(TestClient client) {
            HttpResponse r = client.fetch("/plain?x=1");
            assertEquals(
                    "https://login.example/auth?next=http%3A%2F%2F127.0.0.1%3A" + client.port() + "%2Fplain%3Fx%3D1",
                    r.header("Location"));
        }
    }

    @Nested
    @SquallTest
    class LoginUrlWithAQuery {
        Application app() {
            return Application.builder()
                    .loginUrl("/login?from=app")
                    .route("/plain", Plain::new)
                    .build();
        }

        @Test
        void isUsedAsItIs(TestClient client) {
            assertEquals("/login?from=app", client.fetch("/plain").header("Location"));
        }
    }
}
