package dev.squall.auth;

/**
 * A completed OpenID Connect sign-in.
 *
 * @param idToken the verified ID token: who the user is ({@code idToken().subject()})
 * @param token the token response, with the access token for the provider's APIs
 */
public record OidcLogin(IdToken idToken, OAuth2Token token) {}
