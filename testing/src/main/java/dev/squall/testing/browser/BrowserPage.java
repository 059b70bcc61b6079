package dev.squall.testing.browser;

import dev.squall.testing.browser.DevTools.DevToolsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A tab of a {@link Chromium}, from {@link Chromium#newPage(String)}: navigate it, run JavaScript in it, wait for a
 * condition, read the errors it logged, resize it, photograph it.
 *
 * <pre>{@code
 * try (BrowserPage page = chromium.newPage(base + "/ws")) {
 *     page.evaluate("document.querySelector('#message').value = 'hello'");
 *     page.evaluate("document.querySelector('#messageform').requestSubmit()");
 *     page.waitFor("document.querySelectorAll('#inbox .message').length === 1", Duration.ofSeconds(10));
 *     assertEquals(List.of(), page.consoleErrors());
 * }
 * }</pre>
 *
 * <p>The methods block until Chromium answers: call them from test threads only, never from an event loop thread
 * (they throw {@link IllegalStateException} there). Values cross as JSON: JavaScript numbers come back as
 * {@link Double}, objects as {@code Map<String, Object>}, arrays as {@code List<Object>}, {@code undefined} and
 * {@code null} as null.
 */
public final class BrowserPage implements AutoCloseable {
    /** How long {@link #navigate(String)} waits for the {@code load} event. */
    public static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final DevTools devTools;
    private final String targetId;
    private final String sessionId;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    /** The {@code load} lifecycle event of each navigation (by loader id), from whichever side sees it first. */
    private final Map<String, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
    /** URLs of requests in flight, for the message of a failed load. */
    private final Map<String, String> requestUrls = new ConcurrentHashMap<>();

    private volatile boolean closed;

    BrowserPage(DevTools devTools, String targetId, String sessionId) {
        this.devTools = devTools;
        this.targetId = targetId;
        this.sessionId = sessionId;
        devTools.listen(sessionId, this::event);
    }

    /** Turns on the domains whose events the page records. */
    void start() {
        call("Page.enable", Map.of());
        call("Page.setLifecycleEventsEnabled", Map.of("enabled", true));
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Network.enable", Map.of());
    }

    /**
     * Loads {@code url} in this tab and waits up to {@link #LOAD_TIMEOUT} for its {@code load} event (at once for a
     * navigation within the document, such as a new fragment). Test threads only.
     *
     * @param url the address
     * @throws AssertionError if Chromium could not load it (the message gives its network error, e.g.
     *     {@code net::ERR_CONNECTION_REFUSED}) or the page did not fire {@code load} in time
     */
    public void navigate(String url) {
        Map<String, Object> result = call("Page.navigate", Map.of("url", url));
        String errorText = Json.string(result, "errorText");
        if (!errorText.isEmpty()) {
            throw new AssertionError("Chromium could not load " + url + ": " + errorText);
        }
        String loaderId = Json.string(result, "loaderId");
        if (loaderId.isEmpty()) {
            return; // same-document navigation: no new load
        }
        CompletableFuture<Void> loaded = load(loaderId);
        try {
            loaded.get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    url + " did not fire its load event within " + LOAD_TIMEOUT + "; errors so far: " + errors, e);
        } catch (ExecutionException e) {
            throw new AssertionError("loading " + url + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while loading " + url, e);
        } finally {
            loads.remove(loaderId);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page ({@code Runtime.evaluate}); a promise is awaited, and the value
     * comes back by value (as JSON). Runs as a user gesture, so it may focus, play or open what needs one. Test
     * threads only.
     *
     * @param expression e.g. {@code document.title} or {@code fetch('/x').then(r => r.status)}
     * @return the value: a String, Double, Boolean, Map, List, or null for {@code null}/{@code undefined} (a DOM
     *     node comes back as an empty map)
     * @throws AssertionError if the expression threw or its promise was rejected (the message has the exception's
     *     text and the expression), or Chromium did not answer within 30 s
     */
    public @Nullable Object evaluate(String expression) {
        return evaluate(expression, DevTools.COMMAND_TIMEOUT);
    }

    private @Nullable Object evaluate(String expression, Duration timeout) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("expression", expression);
        params.put("awaitPromise", true);
        params.put("returnByValue", true);
        params.put("userGesture", true);
        Map<String, Object> result = devTools.call(sessionId, "Runtime.evaluate", params, timeout);
        Map<String, Object> exception = Json.objectOrNull(result.get("exceptionDetails"));
        if (exception != null) {
            throw new AssertionError("JavaScript threw " + describe(exception) + "\n  evaluating: " + expression);
        }
        return Json.object(result.get("result")).get("value");
    }

    /**
     * Waits until a JavaScript condition is truthy, checking it in the page every 20 ms (a check that throws counts
     * as false). Keeps checking across a navigation of the page. Test threads only.
     *
     * <pre>{@code
     * page.waitFor("document.querySelectorAll('#inbox .message').length >= 2", Duration.ofSeconds(10));
     * }</pre>
     *
     * @param jsCondition a JavaScript expression
     * @param timeout how long to wait
     * @throws AssertionError if the condition is not true within {@code timeout} (the message names it, with what
     *     it threw last, if anything), or it is not valid JavaScript
     */
    public void waitFor(String jsCondition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "";
        while (true) {
            long remainingMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Object outcome;
            try {
                outcome = evaluate(poller(jsCondition, remainingMillis), Duration.ofMillis(remainingMillis + 10_000));
            } catch (DevToolsException e) {
                // e.g. "Execution context was destroyed": the page navigated while the check waited
                lastError = String.valueOf(e.getMessage());
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError(
                            "not true within " + timeout + ": " + jsCondition + " (" + lastError + ")");
                }
                continue;
            }
            if (Boolean.TRUE.equals(outcome)) {
                return;
            }
            if (outcome instanceof String s) {
                lastError = s;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("not true within " + timeout + ": " + jsCondition
                        + (lastError.isEmpty() ? "" : " (it last threw " + lastError + ")")
                        + (errors.isEmpty() ? "" : "; the page's errors: " + errors));
            }
        }
    }

    /**
     * A promise that checks the condition until it is true or the time is up; resolves true, or false / the last
     * exception's text. The condition is inlined in the script, so a syntax error in it is a syntax error of the
     * whole expression and comes back as an exception at once.
     */
    private static String poller(String jsCondition, long timeoutMillis) {
        return "new Promise(resolve => {\n"
                + "  const deadline = Date.now() + " + timeoutMillis + ";\n"
                + "  const check = () => {\n"
                + "    let ok = false, error = null;\n"
                + "    try { ok = !!(\n" + jsCondition + "\n); } catch (e) { error = String(e); }\n"
                + "    if (ok) resolve(true);\n"
                + "    else if (Date.now() >= deadline) resolve(error === null ? false : error);\n"
                + "    else setTimeout(check, " + POLL_INTERVAL.toMillis() + ");\n"
                + "  };\n"
                + "  check();\n"
                + "})";
    }

    /**
     * Returns what went wrong in the page so far, one line each, in order: {@code console.error} calls, uncaught
     * exceptions and rejected promises, error entries of the browser's log (a refused WebSocket, a blocked
     * script...), responses with a status of 400 or more and requests that failed (images, scripts, styles, fetches
     * and documents alike; a request the page itself cancelled is not an error). Any thread.
     *
     * @return a copy of the list
     */
    public List<String> consoleErrors() {
        return List.copyOf(errors);
    }

    /**
     * Emulates a screen of the given size ({@code Emulation.setDeviceMetricsOverride}, device scale factor 1). Test
     * threads only.
     *
     * @param width CSS pixels
     * @param height CSS pixels
     * @param mobile whether to emulate a mobile device (meta viewport, overlay scrollbars)
     */
    public void setViewport(int width, int height, boolean mobile) {
        call(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /**
     * Saves a PNG of the visible part of the page ({@code Page.captureScreenshot}). Test threads only.
     *
     * @param file where to write it; missing parent directories are created
     * @return {@code file}
     * @throws UncheckedIOException if the file cannot be written
     */
    public Path screenshot(Path file) {
        String data = Json.string(call("Page.captureScreenshot", Map.of("format", "png")), "data");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the screenshot to " + file, e);
        }
        return file;
    }

    /** Closes the tab. Test threads only; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            devTools.call(null, "Target.closeTarget", Map.of("targetId", targetId), Duration.ofSeconds(10));
        } catch (RuntimeException | AssertionError e) {
            // the browser is gone or closing: the tab goes with it
        } finally {
            devTools.forget(sessionId);
        }
    }

    @Override
    public String toString() {
        return "BrowserPage[" + targetId + (closed ? ", closed" : "") + "]";
    }

    private Map<String, Object> call(String method, Map<String, ?> params) {
        if (closed) {
            throw new IllegalStateException("this page is closed; open another with Chromium.newPage(url)");
        }
        return devTools.call(sessionId, method, params);
    }

    private CompletableFuture<Void> load(String loaderId) {
        return loads.computeIfAbsent(loaderId, k -> new CompletableFuture<>());
    }

    /** Records an event of this page; on the DevTools loop. */
    private void event(String method, Map<String, Object> params) {
        switch (method) {
            case "Page.lifecycleEvent" -> {
                if ("load".equals(params.get("name"))) {
                    load(Json.string(params, "loaderId")).complete(null);
                }
            }
            case "Runtime.consoleAPICalled" -> {
                String type = Json.string(params, "type");
                if (type.equals("error") || type.equals("assert")) {
                    List<String> parts = new ArrayList<>();
                    if (params.get("args") instanceof List<?> args) {
                        for (Object a : args) {
                            parts.add(remoteObjectText(Json.object(a)));
                        }
                    }
                    errors.add("console." + type + ": " + String.join(" ", parts));
                }
            }
            case "Runtime.exceptionThrown" ->
                errors.add("uncaught " + describe(Json.object(params.get("exceptionDetails"))));
            case "Log.entryAdded" -> {
                Map<String, Object> entry = Json.object(params.get("entry"));
                // failed loads are reported with their status and URL by the Network events below
                boolean failedLoad = Json.string(entry, "source").equals("network")
                        && Json.string(entry, "text").startsWith("Failed to load resource");
                if (Json.string(entry, "level").equals("error") && !failedLoad) {
                    String url = Json.string(entry, "url");
                    errors.add("log (" + Json.string(entry, "source") + "): " + Json.string(entry, "text")
                            + (url.isEmpty() ? "" : " at " + url));
                }
            }
            case "Network.requestWillBeSent" ->
                requestUrls.put(
                        Json.string(params, "requestId"), Json.string(Json.object(params.get("request")), "url"));
            case "Network.responseReceived" -> {
                Map<String, Object> response = Json.object(params.get("response"));
                double status = Json.number(response, "status");
                if (status >= 400) {
                    errors.add("HTTP " + (int) status + " " + Json.string(response, "statusText") + " for "
                            + Json.string(params, "type") + " " + Json.string(response, "url"));
                }
            }
            case "Network.loadingFinished" -> requestUrls.remove(Json.string(params, "requestId"));
            case "Network.loadingFailed" -> {
                String url = requestUrls.remove(Json.string(params, "requestId"));
                if (!Boolean.TRUE.equals(params.get("canceled"))) {
                    errors.add("failed to load " + Json.string(params, "type") + " " + (url != null ? url : "?") + ": "
                            + Json.string(params, "errorText"));
                }
            }
            default -> {}
        }
    }

    private static String describe(Map<String, Object> exceptionDetails) {
        String description = Json.string(Json.object(exceptionDetails.get("exception")), "description");
        if (!description.isEmpty()) {
            return description; // the error with its stack
        }
        Map<String, Object> exception = Json.object(exceptionDetails.get("exception"));
        String text = exception.isEmpty() ? Json.string(exceptionDetails, "text") : remoteObjectText(exception);
        String url = Json.string(exceptionDetails, "url");
        return url.isEmpty()
                ? text
                : text + " at " + url + ":" + ((int) Json.number(exceptionDetails, "lineNumber") + 1);
    }

    private static String remoteObjectText(Map<String, Object> remoteObject) {
        if (remoteObject.containsKey("value")) {
            Object value = remoteObject.get("value");
            if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString(d.longValue()); // console.error(42) reads "42", as in the browser
            }
            return String.valueOf(value);
        }
        String unserializable = Json.string(remoteObject, "unserializableValue");
        if (!unserializable.isEmpty()) {
            return unserializable;
        }
        String description = Json.string(remoteObject, "description");
        return description.isEmpty() ? Json.string(remoteObject, "type") : description;
    }
}
