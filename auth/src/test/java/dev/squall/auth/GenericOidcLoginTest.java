package dev.squall.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import org.junit.jupiter.api.Test;

/** A generic OpenID Connect provider (a Keycloak realm) that signs with ES256, found from its issuer URL. */
@SquallTest(cookies = true)
class GenericOidcLoginTest {
    static final String ISSUER = "https://sso.example.com/realms/main";

    final FakeOidc keycloak = new FakeOidc(ISSUER, "ES256", "squall-app", "kc-secret");

    @FakeService(host = "sso.example.com", https = true)
    Application fakeKeycloak() {
        return keycloak.app();
    }

    Application app() {
        return GoogleLoginTest.oidcApp(OidcProvider.builder(ISSUER)
                .name("Keycloak")
                .clientId("squall-app")
                .clientSecret("kc-secret")
                .clientAuthentication(OAuth2Client.ClientAuthentication.POST_BODY)
                .build());
    }

    @Test
    void signsInWithAnEs256IdToken(TestClient client) {
        assertEquals("/", Browser.location(Browser.signIn(client, "/auth/login")));
        assertEquals("hello user-1 ada@example.com", client.fetch("/").bodyText());
    }
}
