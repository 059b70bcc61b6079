package dev.squall.testing;

import dev.squall.http.HttpServer;
import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.TlsOptions;
import dev.squall.loop.IOLoop;
import dev.squall.loop.ManualClock;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link SquallTest}; use the annotation rather than registering this
 * class. Public only because JUnit instantiates it.
 *
 * <p>Resolves these parameters in test methods and {@code @BeforeEach}/{@code @AfterEach} methods: {@link IOLoop},
 * {@link TestLoop}, {@link VirtualTime}, {@link ManualClock}; {@link TestClient}, {@link HttpServer} (the server the
 * class's application runs on) and {@link RawConnection} (a new connection to it, over TLS with
 * {@link SquallTest#https()}); and {@link AsyncHttpClient} — a client on the test's loop that reaches the test's
 * {@link FakeService}s and loopback, and nothing else, also injectable into the application's factory method and
 * installed as the loop's {@link AsyncHttpClient#shared(IOLoop) shared client} once the application is served.
 */
public final class SquallExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SquallExtension.class);
    private static final String SCOPE_KEY = "scope";
    private static final String CLIENT_KEY = "client";
    private static final String FAKES_KEY = "fakes";
    private static final String HTTP_KEY = "http";
    private static final String SERVER_KEY = "server";
    private static final List<Class<?>> INJECTABLE = List.of(
            IOLoop.class,
            TestLoop.class,
            VirtualTime.class,
            ManualClock.class,
            TestClient.class,
            AsyncHttpClient.class,
            HttpServer.class,
            RawConnection.class);

    /** Creates the extension; JUnit calls this. */
    public SquallExtension() {}

    @Override
    public void beforeAll(ExtensionContext context) {
        AsyncBodies.checkStageTestsCanRun(
                context.getRequiredTestClass(), Test.class.getPackage().getImplementationVersion());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        Class<?> testClass = context.getRequiredTestClass();
        Timeouts.Limit limit = Timeouts.resolve(method, testClass);
        TestScope scope = new TestScope(method.getName() + "()", testClass, limit, wantsVirtualTime(method, testClass));
        context.getStore(NAMESPACE).put(SCOPE_KEY, scope);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        TestScope scope = scopeOrNull(context);
        if (scope == null) {
            return;
        }
        try {
            scope.closeAndCheck();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static boolean wantsVirtualTime(Method method, Class<?> testClass) {
        SquallTest settings = settings(method, testClass);
        if (settings != null && settings.virtualTime()) {
            return true;
        }
        for (Class<?> type : method.getParameterTypes()) {
            if (type == VirtualTime.class || type == ManualClock.class) {
                return true;
            }
        }
        return false;
    }

    /** The nearest {@link SquallTest}: on the method, else on the class or its enclosing classes. */
    static @Nullable SquallTest settings(@Nullable Method method, Class<?> testClass) {
        if (method != null) {
            Optional<SquallTest> onMethod = AnnotationSupport.findAnnotation(method, SquallTest.class);
            if (onMethod.isPresent()) {
                return onMethod.get();
            }
        }
        for (Class<?> c = testClass; c != null; c = Timeouts.enclosingOfNested(c)) {
            Optional<SquallTest> onClass = AnnotationSupport.findAnnotation(c, SquallTest.class);
            if (onClass.isPresent()) {
                return onClass.get();
            }
        }
        return null;
    }

    private static @Nullable TestScope scopeOrNull(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(SCOPE_KEY, TestScope.class);
    }

    // ---- parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return INJECTABLE.contains(type) || isContinuationOfSuspendTest(parameterContext);
    }

    /** A Kotlin suspend {@link AsyncTest}'s continuation: resolved to null here, supplied when the body starts. */
    private static boolean isContinuationOfSuspendTest(ParameterContext parameterContext) {
        return parameterContext.getDeclaringExecutable() instanceof Method m
                && AsyncBodies.isAsyncTest(m)
                && AsyncBodies.isSuspend(m)
                && parameterContext.getIndex() == m.getParameterCount() - 1;
    }

    @Override
    public @Nullable Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (isContinuationOfSuspendTest(parameterContext)) {
            return null;
        }
        Parameter parameter = parameterContext.getParameter();
        Class<?> type = parameter.getType();
        TestScope scope = scopeOrNull(extensionContext);
        if (scope == null
                || !(parameterContext.getDeclaringExecutable() instanceof Method m)
                || m.isAnnotationPresent(BeforeAll.class)
                || m.isAnnotationPresent(AfterAll.class)) {
            throw new ParameterResolutionException(type.getSimpleName() + " can be injected into test methods and "
                    + "@BeforeEach/@AfterEach methods only, not into " + parameterContext.getDeclaringExecutable()
                    + ": the harness makes a fresh one for each test");
        }
        if (type == IOLoop.class) {
            return scope.loop();
        }
        if (type == TestLoop.class) {
            return scope.testLoop();
        }
        if (type == TestClient.class) {
            return client(extensionContext, scope);
        }
        if (type == HttpServer.class) {
            return server(extensionContext, scope);
        }
        if (type == RawConnection.class) {
            HttpServer server = server(extensionContext, scope);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            return https(extensionContext)
                    ? RawConnection.open(address, TestCertificate.localhost().clientContext(), "localhost", scope)
                    : RawConnection.open(address, null, null, scope);
        }
        if (type == AsyncHttpClient.class) {
            return http(extensionContext, scope);
        }
        VirtualTime virtualTime = scope.virtualTime();
        if (virtualTime == null) {
            throw new ParameterResolutionException("this test's loop runs on the system clock, so there is no "
                    + type.getSimpleName() + " to inject; declare a VirtualTime parameter on the test method itself "
                    + "or annotate the class with @SquallTest(virtualTime = true)");
        }
        return type == VirtualTime.class ? virtualTime : virtualTime.clock();
    }

    /** Makes the client of the class's application (serving it first), once per test. */
    private static TestClient client(ExtensionContext context, TestScope scope) {
        return oncePerTest(context, CLIENT_KEY, TestClient.class, () -> {
            SquallTest settings = settings(context.getRequiredTestMethod(), context.getRequiredTestClass());
            boolean cookies = settings != null && settings.cookies();
            int port = server(context, scope).port();
            return new TestClient(scope, port, https(context), cookies, fakes(context, scope));
        });
    }

    /** Serves the class's application on the test's loop, once per test. */
    private static HttpServer server(ExtensionContext context, TestScope scope) {
        return oncePerTest(context, SERVER_KEY, HttpServer.class, () -> {
            fakes(context, scope);
            http(context, scope); // the loop's shared client, before the application can ask for one
            return AppFixture.serve(context, scope, https(context), type -> argument(type, context, scope));
        });
    }

    private static boolean https(ExtensionContext context) {
        SquallTest settings = settings(context.getRequiredTestMethod(), context.getRequiredTestClass());
        return settings != null && settings.https();
    }

    /** What an application factory method may ask for. */
    private static Object argument(Class<?> type, ExtensionContext context, TestScope scope) {
        if (type == AsyncHttpClient.class) {
            return http(context, scope);
        }
        if (type == IOLoop.class) {
            return scope.loop();
        }
        throw new ParameterResolutionException("an application method may take an AsyncHttpClient (which reaches "
                + "the test's @FakeService hosts) or an IOLoop, not a " + type.getName());
    }

    /** Serves the test's fake services, once per test. */
    private static FakeServices fakes(ExtensionContext context, TestScope scope) {
        return oncePerTest(
                context, FAKES_KEY, FakeServices.class, () -> FakeServices.serve(context, scope, https(context)));
    }

    /**
     * The HTTP client for the application (and the test) to call other services with: on the test's loop,
     * reaching the fake services and loopback only, with the client's usual defaults; also the loop's
     * {@link AsyncHttpClient#shared(IOLoop) shared client}. Once per test.
     */
    private static AsyncHttpClient http(ExtensionContext context, TestScope scope) {
        return oncePerTest(context, HTTP_KEY, AsyncHttpClient.class, () -> {
            FakeServices fakes = fakes(context, scope);
            AsyncHttpClient.Builder builder =
                    AsyncHttpClient.builder().loop(scope.loop()).resolver(fakes.network());
            SSLContext trust = fakes.trust();
            if (trust != null) {
                builder.defaults(
                        d -> d.tls(TlsOptions.builder().sslContext(trust).build()));
            }
            // Installed as the loop's shared client, so code that calls AsyncHttpClient.shared(loop) reaches
            // the fakes too.
            return scope.register(builder.buildShared());
        });
    }

    /**
     * Returns the test's {@code type} stored under {@code key}, made by {@code make} on the first call. {@code make}
     * may itself ask for other such values (the server asks for the fakes), as JUnit's store makes a value outside
     * its map's lock.
     */
    private static <T> T oncePerTest(ExtensionContext context, String key, Class<T> type, Supplier<T> make) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> make.get(), type);
    }

    // ---- running method bodies on a test thread, under the time limit

    @Override
    public void interceptTestMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        Method method = invocationContext.getExecutable();
        TestScope scope = scopeOrNull(extensionContext);
        if (scope != null && AsyncBodies.isAsyncTest(method)) {
            // A void @AsyncTest: a coroutine on the loop, waited for on the harness's test thread.
            runBody(
                    scope,
                    () -> AsyncBodies.await(AsyncBodies.coroutine(scope.loop(), invocation)),
                    method.getName() + "()",
                    true);
            return;
        }
        runBody(invocation, invocationContext, extensionContext, true);
    }

    /**
     * Runs a value-returning {@link AsyncTest}: starts its body on the loop, and yields the one dynamic test that
     * waits for it (JUnit runs such methods as factories only). A plain {@code @TestFactory} runs as usual.
     */
    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        Method method = invocationContext.getExecutable();
        TestScope scope = scopeOrNull(extensionContext);
        if (scope == null || !AsyncBodies.isAsyncTest(method)) {
            return invocation.proceed();
        }
        String name = method.getName() + "()";
        CompletableFuture<@Nullable Object> body = Objects.requireNonNull(
                scope.invoke(() -> AsyncBodies.start(scope.loop(), invocation, invocationContext), name),
                "AsyncBodies.start");
        @SuppressWarnings("unchecked")
        T test = (T) DynamicTest.dynamicTest(
                method.getName(), () -> runBody(scope, () -> AsyncBodies.await(body), name, true));
        return test;
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        runBody(invocation, invocationContext, extensionContext, true);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        runBody(invocation, invocationContext, extensionContext, false);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        runBody(invocation, invocationContext, extensionContext, false);
    }

    private static void runBody(
            Invocation<@Nullable Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext,
            boolean checkCallbacks)
            throws Throwable {
        TestScope scope = scopeOrNull(extensionContext);
        if (scope == null) {
            invocation.proceed();
            return;
        }
        runBody(scope, invocation, invocationContext.getExecutable().getName() + "()", checkCallbacks);
    }

    /**
     * Runs {@code invocation} on a test thread under the time limit; for a test body, then lets the loop settle and
     * fails on callback exceptions.
     */
    private static void runBody(TestScope scope, Invocation<?> invocation, String name, boolean checkCallbacks)
            throws Throwable {
        Throwable failure = null;
        try {
            scope.invoke(invocation, name);
        } catch (Throwable t) {
            failure = t;
        }
        if (!checkCallbacks) {
            if (failure != null) {
                throw failure;
            }
            return;
        }
        if (!scope.timedOut()) {
            try {
                scope.settleAfterBody();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        List<Throwable> thrown = scope.takeCallbackExceptions();
        if (failure != null) {
            for (Throwable t : thrown) {
                failure.addSuppressed(t);
            }
            throw failure;
        }
        if (!thrown.isEmpty()) {
            throw scope.callbackFailure(thrown);
        }
    }
}
