package dev.squall.testsuite.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.ExpectLog;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.Authenticated;
import dev.squall.web.RequestHandler;
import org.junit.jupiter.api.Test;

/** Features used without their setting fail with a 500 whose log says which setting to add. */
@SquallTest
class MissingSettingsTest {
    static Application app() {
        return Application.builder()
                .route("/signed", Signed::new)
                .route("/private", Private::new)
                .logFunction(h -> {})
                .build();
    }

    static final class Signed extends RequestHandler {
        @Override
        public void get() {
            write(String.valueOf(getSignedCookie("user")));
        }
    }

    static final class Private extends RequestHandler {
        @Authenticated
        @Override
        public void get() {
            write("secret");
        }
    }

    @Test
    void aSignedCookieWithoutACookieSecretIsA500SayingToSetIt(TestClient client) {
        try (ExpectLog log = ExpectLog.expect(
                "dev.squall.application",
                r -> r.getThrown() != null
                        && r.getThrown().getMessage().contains("set Application.builder().cookieSecret(secret)"))) {
            assertEquals(500, client.fetch("/signed").code());
        }
    }

    @Test
    void authenticatedWithoutALoginUrlIsA500SayingToSetIt(TestClient client) {
        try (ExpectLog log = ExpectLog.expect(
                "dev.squall.application",
                r -> r.getThrown() != null
                        && r.getThrown().getMessage().contains("set Application.builder().loginUrl(\"/login\")"))) {
            assertEquals(500, client.fetch("/private").code());
        }
    }
}
