package dev.squall.samples.login;

import dev.squall.auth.GitHubAuth;
import dev.squall.auth.GoogleAuth;
import dev.squall.auth.OidcProvider;
import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar squall-samples.jar login [--github-client-id=ID --github-client-secret=SECRET]
 * [--google-client-id=ID --google-client-secret=SECRET] [--cookie-secret=SECRET]}: a page with "Sign in with
 * GitHub" and "Sign in with Google" for the providers given, and how to configure the others.
 */
public final class LoginSample implements Sample {
    private Option<String> githubId = new Options().define("github-client-id", "");
    private Option<String> githubSecret = new Options().define("github-client-secret", "");
    private Option<String> googleId = new Options().define("google-client-id", "");
    private Option<String> googleSecret = new Options().define("google-client-secret", "");
    private Option<String> cookieSecret = new Options().define("cookie-secret", "");

    /** Creates the sample. */
    public LoginSample() {}

    @Override
    public void defineOptions(Options options) {
        githubId = options.define("github-client-id", "").help("the GitHub OAuth App's client id");
        githubSecret = options.define("github-client-secret", "").help("the GitHub OAuth App's client secret");
        googleId = options.define("google-client-id", "").help("the Google OAuth client id");
        googleSecret = options.define("google-client-secret", "").help("the Google OAuth client secret");
        cookieSecret = options.define("cookie-secret", "")
                .help("signs the cookies; random per run when empty (everyone is signed out on restart)");
    }

    /**
     * Starts the server and returns.
     *
     * @param launch port, address and loop count
     * @throws OptionException if a client id is given without its secret or the other way round
     */
    @Override
    public void run(Launch launch) {
        LoopGroup loops = LoopGroup.create(launch.loops());
        HttpServer server;
        try {
            server = HttpServer.builder()
                    .handler(LoginApp.app(github(), google(), secret()))
                    .loops(loops)
                    .build()
                    .listen(launch.port(), launch.address());
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
        GracefulShutdown.install(server, launch.shutdownGrace(), loops::close, "login-shutdown");
        System.out.println("Listening on http://" + launch.address() + ":" + server.port() + "/");
    }

    @Nullable
    GitHubAuth github() {
        return pair("github", githubId.value(), githubSecret.value())
                ? GitHubAuth.builder(githubId.value(), githubSecret.value()).build()
                : null;
    }

    @Nullable
    OidcProvider google() {
        return pair("google", googleId.value(), googleSecret.value())
                ? GoogleAuth.builder(googleId.value(), googleSecret.value()).build()
                : null;
    }

    private String secret() {
        if (!cookieSecret.value().isEmpty()) {
            return cookieSecret.value();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static boolean pair(String provider, String id, String secret) {
        if (id.isEmpty() != secret.isEmpty()) {
            throw new OptionException("--" + provider + "-client-id and --" + provider
                    + "-client-secret go together: give both, or neither");
        }
        return !id.isEmpty();
    }
}
