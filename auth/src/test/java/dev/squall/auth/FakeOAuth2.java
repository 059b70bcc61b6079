package dev.squall.auth;

import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A fake OAuth 2.0 authorization server, as strict as the real ones: the authorization endpoint approves at
 * once and redirects back with a code and the state; the token endpoint takes each code once, for the same
 * client, secret and redirect URI, and only with the PKCE verifier of the challenge.
 */
final class FakeOAuth2 {
    final String clientId;
    final String clientSecret;
    final Map<String, Grant> codes = new ConcurrentHashMap<>();
    final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokenCalls = new AtomicInteger();
    /** When true, the token endpoint never answers. */
    volatile boolean tokenHangs;
    /** When true, the token endpoint fails with a 500 HTML page. */
    volatile boolean tokenBroken;
    /** What the token endpoint adds to its answer for a grant (an ID token). */
    volatile Function<Grant, Map<String, Object>> extraTokenMembers = g -> Map.of();

    record Grant(
            String redirectUri,
            @Nullable String challenge,
            @Nullable String nonce,
            String scope) {}

    FakeOAuth2(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** GET: the user approves at once. */
    RequestHandler authorize() {
        return new RequestHandler() {
            @Override
            public void get() {
                if (!clientId.equals(getArgument("client_id")) || !"code".equals(getArgument("response_type"))) {
                    setStatus(400);
                    write("unknown client or response type");
                    return;
                }
                String challenge = getArgumentOrNull("code_challenge");
                if (challenge != null && !"S256".equals(getArgument("code_challenge_method"))) {
                    setStatus(400);
                    write("only S256");
                    return;
                }
                String code = "code-" + Pkce.randomToken(8);
                String redirectUri = getArgument("redirect_uri");
                codes.put(
                        code, new Grant(redirectUri, challenge, getArgumentOrNull("nonce"), getArgument("scope", "")));
                Map<String, String> back = new LinkedHashMap<>();
                back.put("code", code);
                back.put("state", getArgument("state"));
                redirect(OAuth2Client.withQuery(redirectUri, back));
            }
        };
    }

    /** POST: the code for a token, RFC 6749 section 4.1.3 and RFC 7636 section 4.6. */
    AsyncRequestHandler token() {
        return new AsyncRequestHandler() {
            @Override
            public CompletionStage<?> post() {
                tokenCalls.incrementAndGet();
                if (tokenHangs) {
                    return new CompletableFuture<>();
                }
                if (tokenBroken) {
                    setStatus(500);
                    setHeader("Content-Type", "text/html");
                    write("<html><body>Internal error</body></html>");
                    return CompletableFuture.completedFuture(null);
                }
                Grant grant = codes.remove(getArgument("code", ""));
                String error = null;
                if (grant == null) {
                    error = "invalid_grant";
                } else if (!clientId.equals(getArgument("client_id", ""))
                        || !clientSecret.equals(getArgument("client_secret", ""))) {
                    error = "invalid_client";
                } else if (!grant.redirectUri().equals(getArgument("redirect_uri", ""))) {
                    error = "invalid_grant";
                } else if (grant.challenge() != null
                        && !grant.challenge()
                                .equals(Pkce.challengeS256(getArgument("code_verifier", "x".repeat(43))))) {
                    error = "invalid_grant";
                }
                if (error != null) {
                    setStatus(400);
                    write(Map.of("error", error, "error_description", "The code is invalid, used, or not yours."));
                    return CompletableFuture.completedFuture(null);
                }
                String token = "token-" + Pkce.randomToken(8);
                accessTokens.add(token);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("access_token", token);
                answer.put("token_type", "bearer");
                answer.put("expires_in", 3599);
                answer.put("scope", grant.scope());
                answer.putAll(extraTokenMembers.apply(grant));
                write(answer);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    /** Returns whether a request's {@code Authorization: Bearer} token is one this server issued. */
    boolean authorized(@Nullable String authorization) {
        return authorization != null
                && authorization.startsWith("Bearer ")
                && accessTokens.contains(authorization.substring(7));
    }
}
