package dev.squall.testing;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.net.SelfSignedCertificate;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The fake external services of one test: each {@link FakeService} served on the test's loop on a free
 * loopback port, the {@link FakeNetwork} that routes its host there, and a TLS context that trusts the
 * harness's certificates (the fakes' and the application's) and nothing else.
 */
final class FakeServices {
    private final FakeNetwork network;
    private final @Nullable SSLContext trust;
    private final List<String> hosts;

    private FakeServices(FakeNetwork network, @Nullable SSLContext trust, List<String> hosts) {
        this.network = network;
        this.trust = trust;
        this.hosts = hosts;
    }

    /**
     * Serves the fakes the test class declares (none is fine); their servers close with {@code scope}.
     *
     * @param httpsApp whether the application is served over HTTPS, so that its certificate must be trusted
     */
    static FakeServices serve(ExtensionContext context, TestScope scope, boolean httpsApp) {
        FakeNetwork network = new FakeNetwork();
        List<X509Certificate> trusted = new ArrayList<>();
        if (httpsApp) {
            trusted.add(TestCertificate.localhost().certificate());
        }
        List<String> hosts = new ArrayList<>();
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = Timeouts.enclosingOfNested(c)) {
            List<Member> members = new ArrayList<>();
            members.addAll(
                    AnnotationSupport.findAnnotatedMethods(c, FakeService.class, HierarchyTraversalMode.BOTTOM_UP));
            members.addAll(AnnotationSupport.findAnnotatedFields(c, FakeService.class));
            for (Member member : members) {
                FakeService spec = AnnotationSupport.findAnnotation((AnnotatedElement) member, FakeService.class)
                        .orElseThrow();
                String host = spec.host().toLowerCase(Locale.ROOT);
                if (hosts.contains(host)) {
                    continue; // an inner class's fake of the same host wins over the enclosing class's
                }
                hosts.add(host);
                HttpHandler handler = AppFixture.handlerOf(context, member, "@FakeService", type -> {
                    throw new ParameterResolutionException("a @FakeService method " + "takes no parameters: " + member);
                });
                HttpServer.Builder builder =
                        HttpServer.builder().handler(handler).loops(LoopGroup.of(scope.loop()));
                if (spec.https()) {
                    TestCertificate cert = TestCertificate.forHosts(List.of(host));
                    trusted.add(cert.certificate());
                    builder.tls(cert.serverContext());
                }
                HttpServer server = scope.register(builder.build().listen(0, AppFixture.ADDRESS));
                int port = spec.port() > 0 ? spec.port() : spec.https() ? 443 : 80;
                network.add(host, port, server.port());
            }
        }
        return new FakeServices(
                network, trusted.isEmpty() ? null : SelfSignedCertificate.trusting(trusted), List.copyOf(hosts));
    }

    /** Returns the resolver that routes the fakes' hosts to them. */
    FakeNetwork network() {
        return network;
    }

    /** Returns a TLS context that trusts the harness's certificates only, or null when nothing speaks TLS. */
    @Nullable
    SSLContext trust() {
        return trust;
    }

    /** Returns the fakes' host names, in declaration order. */
    List<String> hosts() {
        return hosts;
    }
}
