package dev.squall.web;

import dev.squall.escape.Escape;
import dev.squall.loop.Futures;
import dev.squall.loop.IOLoop;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of one request through a {@link BaseRequestHandler}, as its class javadoc describes it: the method
 * check (405 with {@code Allow}), path-argument decoding, the XSRF check, {@code prepare()}, a streamed body, the
 * user lookup, the HTTP method, {@code finish()}; waiting on the stages the style returns, watching the connection
 * while it waits, and answering any failure through {@code sendError}.
 *
 * <p>Static methods over the handler's own state, not an object: a handler is made per request, and a
 * collaborator object here would be one more allocation per request. Loop thread only.
 */
final class HandlerRun {
    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");
    private static final System.Logger GEN_LOG = System.getLogger("dev.squall.general");

    private HandlerRun() {}

    /** Runs the lifecycle. Any failure is answered, never thrown. */
    static void execute(BaseRequestHandler h) {
        try {
            h.setDefaultHeaders();
            String name = h.request().method();
            HttpMethod method = HttpMethod.of(name);
            if (method == null && !h.extraMethods().contains(name)) {
                h.sendError(405);
                return;
            }
            h.dispatchTo(method, method == null ? name : null);
            decodePathArgs(h);
            if ((method == null || !method.isSafe()) && h.application().xsrfCookies()) {
                h.checkXsrfCookie(); // before prepare(), as Tornado
            }
            CompletionStage<?> prepared = h.invokePrepare();
            if (prepared == BaseRequestHandler.DONE) {
                runMethod(h);
            } else {
                await(h, prepared, "prepare", () -> runMethod(h));
            }
        } catch (Throwable t) {
            handleException(h, t);
        }
    }

    /** After prepare(): a streamed body (push mode), the user lookup the method needs (if any), then the method. */
    private static void runMethod(BaseRequestHandler h) {
        try {
            if (h.out().isFinished()) {
                return;
            }
            CompletionStage<?> body = h.bodyReadyForMethod();
            if (body != BaseRequestHandler.DONE) {
                await(h, body, "dataReceived", () -> runMethod(h));
                return;
            }
            CompletionStage<?> ready = h.userReadyForMethod();
            if (ready == BaseRequestHandler.DONE) {
                callMethod(h);
            } else {
                await(h, ready, "getCurrentUserAsync", () -> callMethod(h));
            }
        } catch (Throwable t) {
            handleException(h, t);
        }
    }

    private static void callMethod(BaseRequestHandler h) {
        try {
            if (h.out().isFinished() || !h.authorizeMethod()) {
                return;
            }
            CompletionStage<?> done = invokeRequestMethod(h);
            if (done == BaseRequestHandler.DONE) {
                afterMethod(h);
            } else {
                HttpMethod m = h.methodOrNull();
                await(h, done, m == null ? "extraMethod" : m.handlerMethodName(), () -> afterMethod(h));
            }
        } catch (Throwable t) {
            handleException(h, t);
        }
    }

    /** Runs the request's method, one of the seven or an extra one, through the style's hook. */
    static CompletionStage<?> invokeRequestMethod(BaseRequestHandler h) throws Exception {
        String extra = h.extraMethodName();
        return extra != null ? h.invokeExtraMethod(extra) : h.invokeMethod(h.method());
    }

    private static void afterMethod(BaseRequestHandler h) {
        try {
            if (!h.out().isFinished()) {
                h.out().finishUnobserved();
            }
        } catch (Throwable t) {
            handleException(h, t);
        }
    }

    private static void await(BaseRequestHandler h, @Nullable CompletionStage<?> stage, String what, Runnable next) {
        if (stage == null) {
            throw new IllegalStateException(what + "() returned null; return a CompletionStage "
                    + "(CompletableFuture.completedFuture(null) when there is nothing to wait for)");
        }
        if (stage.getClass() == CompletableFuture.class) {
            CompletableFuture<?> f = (CompletableFuture<?>) stage;
            if (f.isDone() && !f.isCompletedExceptionally()) {
                next.run();
                return;
            }
        }
        watchConnectionClose(h);
        stage.whenComplete((value, error) -> onLoop(h, () -> {
            if (error != null) {
                handleException(h, error);
            } else {
                next.run();
            }
        }));
    }

    /** Runs {@code task} on the request's loop: now if already there, else queued. */
    static void onLoop(BaseRequestHandler h, Runnable task) {
        IOLoop loop = h.request().loop();
        if (!loop.runOnLoop(task)) { // closed loop: the connection is gone too; say so and drop the rest
            GEN_LOG.log(
                    Level.WARNING, "loop " + loop.name() + " closed before " + h.requestSummary() + " could continue");
        }
    }

    private static void decodePathArgs(BaseRequestHandler h) {
        Router.Match match = h.match();
        String[] raw = match != null ? match.rawGroups() : null;
        if (raw == null || raw.length == 0) {
            return;
        }
        String[] decoded = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            decoded[i] = decodePathArg(raw[i]);
        }
        h.setPathArgs(decoded);
    }

    private static String decodePathArg(@Nullable String raw) {
        if (raw == null) {
            return "";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c >= 0x80) {
                String s = Arguments.decodeUtf8(Escape.urlUnescapeToBytes(raw, false));
                if (s == null) {
                    throw new HttpError(400, "Invalid UTF-8 in path", "Invalid UTF-8 in path argument " + raw);
                }
                return s;
            }
        }
        return raw;
    }

    private static void watchConnectionClose(BaseRequestHandler h) {
        if (!h.out().isFinished() && h.startWatchingClose()) {
            // Forgotten by the response when it finishes: nothing accumulates on a long keep-alive connection.
            h.response().onConnectionClose(() -> onLoop(h, () -> connectionClosed(h)));
            h.response().onServerShutdown(() -> onLoop(h, () -> serverShuttingDown(h)));
        }
    }

    private static void serverShuttingDown(BaseRequestHandler h) {
        if (h.out().isFinished()) {
            return;
        }
        try {
            h.onServerShutdown();
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "onServerShutdown() of " + h.getClass().getName() + " threw", t);
        }
    }

    /** Called (on the loop) when the connection closed while the handler was waiting. */
    static void connectionClosed(BaseRequestHandler h) {
        if (h.out().isFinished()) {
            return;
        }
        try {
            h.onConnectionClose();
        } catch (Throwable t) {
            APP_LOG.log(Level.ERROR, "onConnectionClose() of " + h.getClass().getName() + " threw", t);
        }
        h.clientDisconnected();
    }

    private static void handleException(BaseRequestHandler h, Throwable error) {
        Throwable t = Futures.unwrap(error);
        if (t instanceof Finish) {
            if (!h.out().isFinished()) {
                try {
                    h.out().finishUnobserved();
                } catch (Throwable e) {
                    handleException(h, e);
                }
            }
            return;
        }
        try {
            h.logException(t);
        } catch (Throwable e) {
            APP_LOG.log(Level.ERROR, "logException() threw", e);
        }
        if (h.out().isFinished()) {
            return;
        }
        h.sendError(t instanceof HttpError he ? he.status() : 500, t);
    }

    /** The {@code Allow} header of a 405: {@link BaseRequestHandler#allowedMethods()}, then the extra methods. */
    static String allowHeader(BaseRequestHandler h) {
        Set<String> extra = h.extraMethods();
        Collection<String> allowed = h.allowedMethods();
        if (extra.isEmpty()) {
            return String.join(", ", allowed);
        }
        StringBuilder b = new StringBuilder(String.join(", ", allowed));
        for (String name : new TreeSet<>(extra)) {
            if (!allowed.contains(name)) {
                b.append(b.length() == 0 ? "" : ", ").append(name);
            }
        }
        return b.toString();
    }
}
