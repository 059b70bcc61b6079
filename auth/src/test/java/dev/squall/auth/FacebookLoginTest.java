package dev.squall.auth;

import static dev.squall.async.Coroutines.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sign in with Facebook against fakes of www.facebook.com and graph.facebook.com, which check appsecret_proof. */
@SquallTest(cookies = true)
class FacebookLoginTest {
    final FakeOAuth2 facebook = new FakeOAuth2("fb-app", "fb-secret");
    final AtomicInteger badProofs = new AtomicInteger();

    @FakeService(host = "www.facebook.com", https = true)
    Application fakeDialog() {
        return Application.builder()
                .route("/v21.0/dialog/oauth", facebook::authorize)
                .build();
    }

    @FakeService(host = "graph.facebook.com", https = true)
    Application fakeGraph() {
        return Application.builder()
                .route("/v21.0/oauth/access_token", facebook::token)
                .route("/v21.0/me", () -> new RequestHandler() {
                    @Override
                    public void get() {
                        String auth = request().headers().get("Authorization");
                        String token = auth == null ? "" : auth.substring("Bearer ".length());
                        if (!facebook.authorized(auth)
                                || !FacebookAuth.appSecretProof(token, "fb-secret")
                                        .equals(getArgument("appsecret_proof", ""))) {
                            badProofs.incrementAndGet();
                            setStatus(400);
                            write(Map.of(
                                    "error",
                                    Map.of("message", "Invalid appsecret_proof", "type", "GraphMethodException")));
                            return;
                        }
                        write(Map.of(
                                "id", "10158",
                                "name", "Ada Lovelace",
                                "email", "ada@example.com",
                                "picture", Map.of("data", Map.of("url", "https://graph.example/ada.jpg"))));
                    }
                })
                .build();
    }

    Application app() {
        FacebookAuth fb = FacebookAuth.builder("fb-app", "fb-secret").build();
        return Application.builder()
                .cookieSecret("a test secret that is long enough to sign cookies")
                .route("/auth/facebook", () -> new CoroutineRequestHandler() {
                    @Override
                    public void get() {
                        if (getArgumentOrNull("code") == null && getArgumentOrNull("error") == null) {
                            fb.authorizeRedirect(this, "/auth/facebook");
                            return;
                        }
                        FacebookUser user = await(fb.completeLogin(this, "/auth/facebook"));
                        write(user.id() + " " + user.name() + " " + user.email() + " " + user.pictureUrl());
                    }
                })
                .build();
    }

    @Test
    void signsInWithFacebookAndSignsGraphCallsWithTheAppSecretProof(TestClient client) {
        String dialog = Browser.location(client.fetch("/auth/facebook"));
        assertTrue(dialog.startsWith("https://www.facebook.com/v21.0/dialog/oauth?"), dialog);
        assertTrue(dialog.contains("scope=public_profile+email"), dialog);
        assertEquals(
                "10158 Ada Lovelace ada@example.com https://graph.example/ada.jpg",
                client.fetch(Browser.location(client.fetch(dialog))).bodyText());
        assertEquals(0, badProofs.get());
    }
}
