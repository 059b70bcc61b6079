package dev.squall.testing;

import dev.squall.http.HttpHandler;
import dev.squall.http.HttpServer;
import dev.squall.http.HttpServerRequest;
import dev.squall.http.HttpServerResponse;
import dev.squall.http.RequestBodyReceiver;
import dev.squall.loop.LoopGroup;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Finds the application a test class names and serves it on the test's loop: the server side of
 * {@link TestClient}.
 */
final class AppFixture {
    /** The address the application is served on: loopback only, never reachable from elsewhere. */
    static final String ADDRESS = "127.0.0.1";

    private AppFixture() {}

    /**
     * Makes the class's application and serves it on {@code scope}'s loop on a free port; the server is
     * closed with the scope.
     *
     * @throws ParameterResolutionException if the class names no application, or more than one
     */
    static HttpServer serve(
            ExtensionContext context, TestScope scope, boolean https, Function<Class<?>, Object> arguments) {
        HttpHandler app = find(context, arguments);
        RequestTracker requests = scope.requests();
        HttpHandler tracked = new HttpHandler() {
            @Override
            public void handle(HttpServerRequest request, HttpServerResponse response) throws Exception {
                String id = request.headers().get(RequestTracker.HEADER);
                if (id == null) {
                    app.handle(request, response);
                    return;
                }
                request.headers().remove(RequestTracker.HEADER);
                try {
                    app.handle(request, response);
                } finally {
                    requests.dispatched(id);
                }
            }

            @Override
            public @Nullable CompletionStage<? extends RequestBodyReceiver> headReceived(
                    HttpServerRequest request, HttpServerResponse response) throws Exception {
                CompletionStage<? extends RequestBodyReceiver> streamed = app.headReceived(request, response);
                String id = request.headers().get(RequestTracker.HEADER);
                if (streamed != null && id != null) { // handle() is not called for a streamed body
                    request.headers().remove(RequestTracker.HEADER);
                    requests.dispatched(id);
                }
                return streamed;
            }
        };
        HttpServer.Builder builder = HttpServer.builder().handler(tracked).loops(LoopGroup.of(scope.loop()));
        if (https) {
            builder.tls(TestCertificate.localhost().serverContext());
        }
        configure(context, builder);
        return scope.register(builder.build().listen(0, ADDRESS));
    }

    /** Hands {@code builder} to the class's {@link ServerOptions} method, if it declares one. */
    static void configure(ExtensionContext context, HttpServer.Builder builder) {
        Class<?> testClass = context.getRequiredTestClass();
        List<Method> options = List.of();
        for (Class<?> c = testClass; c != null && options.isEmpty(); c = Timeouts.enclosingOfNested(c)) {
            options = AnnotationSupport.findAnnotatedMethods(c, ServerOptions.class, HierarchyTraversalMode.BOTTOM_UP);
        }
        if (options.isEmpty()) {
            return;
        }
        Method m = options.get(0);
        if (options.size() > 1) {
            throw new ParameterResolutionException(testClass.getSimpleName() + " declares " + options.size()
                    + " @ServerOptions methods (" + options + "); keep one");
        }
        if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != HttpServer.Builder.class) {
            throw new ParameterResolutionException(
                    "@ServerOptions method " + m + " must take exactly one " + "HttpServer.Builder parameter");
        }
        Object target = Modifier.isStatic(m.getModifiers()) ? null : instanceOf(context, m.getDeclaringClass());
        ReflectionSupport.invokeMethod(m, target, builder);
    }

    /**
     * Returns the handler the test class names (an {@code app()} method or a {@link TestApp} member); a method
     * gets its parameters from {@code arguments}.
     */
    static HttpHandler find(ExtensionContext context, Function<Class<?>, Object> arguments) {
        Class<?> testClass = context.getRequiredTestClass();
        List<Member> annotated = new ArrayList<>();
        List<Member> named = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = Timeouts.enclosingOfNested(c)) {
            annotated.addAll(
                    AnnotationSupport.findAnnotatedMethods(c, TestApp.class, HierarchyTraversalMode.BOTTOM_UP));
            annotated.addAll(AnnotationSupport.findAnnotatedFields(c, TestApp.class));
            named.addAll(ReflectionSupport.findMethods(
                    c,
                    m -> m.getName().equals("app") && HttpHandler.class.isAssignableFrom(m.getReturnType()),
                    HierarchyTraversalMode.BOTTOM_UP));
            if (!annotated.isEmpty() || !named.isEmpty()) {
                break; // the innermost class that names an application wins
            }
        }
        List<Member> candidates = annotated.isEmpty() ? named : annotated;
        if (candidates.isEmpty()) {
            throw new ParameterResolutionException("TestClient needs an application to talk to: add "
                    + "'static Application app() { return ...; }' to " + testClass.getSimpleName()
                    + ", or annotate a method or field that gives an HttpHandler with @TestApp");
        }
        if (candidates.size() > 1) {
            throw new ParameterResolutionException(testClass.getSimpleName() + " names " + candidates.size()
                    + " applications (" + candidates + "); keep one, or mark the one to serve with @TestApp");
        }
        return handlerOf(context, candidates.get(0), "@TestApp", arguments);
    }

    /**
     * Calls a method or reads a field that gives an {@link HttpHandler}; the method's parameters come from
     * {@code arguments}.
     */
    static HttpHandler handlerOf(
            ExtensionContext context, Member member, String annotation, Function<Class<?>, Object> arguments) {
        Object target =
                Modifier.isStatic(member.getModifiers()) ? null : instanceOf(context, member.getDeclaringClass());
        Object value;
        if (member instanceof Method m) {
            if (!HttpHandler.class.isAssignableFrom(m.getReturnType())) {
                throw new ParameterResolutionException(
                        annotation + " method " + m + " must return an HttpHandler " + "such as an Application");
            }
            Class<?>[] types = m.getParameterTypes();
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                args[i] = arguments.apply(types[i]);
            }
            value = ReflectionSupport.invokeMethod(m, target, args);
        } else {
            Field f = (Field) member;
            value = ReflectionSupport.tryToReadFieldValue(f, target)
                    .toOptional()
                    .orElse(null);
        }
        if (!(value instanceof HttpHandler handler)) {
            throw new ParameterResolutionException(member + " gave " + value + ", not an HttpHandler; the harness "
                    + "needs a handler to serve" + (member instanceof Field ? " (is the field set yet?)" : ""));
        }
        return handler;
    }

    private static @Nullable Object instanceOf(ExtensionContext context, Class<?> declaringClass) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            if (declaringClass.isInstance(instance)) {
                return instance;
            }
        }
        throw new ParameterResolutionException(
                "no test instance of " + declaringClass.getName() + " to call its " + "application member on");
    }
}
