package dev.squall.auth;

/**
 * Sign in with Google: an {@link OidcProvider} for {@value #ISSUER} (Google's discovery document gives the
 * endpoints and keys), as Tornado's {@code GoogleOAuth2Mixin}, with the ID token verified.
 *
 * <pre>{@code
 * OidcProvider google = GoogleAuth.builder(clientId, clientSecret).build();
 * }</pre>
 *
 * <p>Register the application in the Google Cloud console (APIs and Services, Credentials, OAuth client ID,
 * type "Web application") with the callback URL as an authorized redirect URI; see {@code docs/auth.md}.
 */
public final class GoogleAuth {
    /** Google's issuer. */
    public static final String ISSUER = "https://accounts.google.com";

    private GoogleAuth() {}

    /**
     * Returns a provider builder for Google with the client's credentials, the scopes {@code openid email
     * profile}, and both issuer spellings Google uses.
     *
     * @param clientId the OAuth client id ({@code ...apps.googleusercontent.com})
     * @param clientSecret the client secret
     * @return the builder, to adjust and build
     */
    public static OidcProvider.Builder builder(String clientId, String clientSecret) {
        return OidcProvider.builder(ISSUER)
                .name("Google")
                .acceptIssuer("accounts.google.com")
                .clientId(clientId)
                .clientSecret(clientSecret);
    }
}
