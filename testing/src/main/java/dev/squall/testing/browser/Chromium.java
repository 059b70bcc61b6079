package dev.squall.testing.browser;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A headless Chromium process driven over the DevTools protocol, for tests. The protocol runs over Squall's own
 * WebSocket client ({@link dev.squall.httpclient.AsyncHttpClient#websocketConnect}) on a loop of its own.
 *
 * <pre>{@code
 * try (Chromium chromium = Chromium.launch(); BrowserPage page = chromium.newPage("http://127.0.0.1:8888/")) {
 *     assertEquals("Chat", page.evaluate("document.title"));
 * }
 * }</pre>
 *
 * <p>In JUnit, {@link RequiresChromium} launches one per test class, injects it as a test method parameter, and
 * skips (or on CI fails) where Chromium is missing.
 *
 * <p>The methods block until Chromium answers: call them from test threads only, never from an event loop thread
 * (they throw {@link IllegalStateException} there). They are safe to call from several threads.
 */
public final class Chromium implements AutoCloseable {
    /** The environment variable that names the browser binary, checked before the {@code PATH}. */
    public static final String EXECUTABLE_ENV = "SQUALL_CHROMIUM";

    private static final List<String> NAMES_ON_PATH = List.of("chromium", "chromium-browser", "google-chrome");
    private static final String LISTENING = "DevTools listening on ";
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final int OUTPUT_LINES_KEPT = 30;

    private final Process process;
    private final Path profile;
    private final DevTools devTools;
    private volatile boolean closed;

    private Chromium(Process process, Path profile, DevTools devTools) {
        this.process = process;
        this.profile = profile;
        this.devTools = devTools;
    }

    /**
     * Finds the browser: the file the environment variable {@value #EXECUTABLE_ENV} names if it is executable,
     * else the first of {@code chromium}, {@code chromium-browser} and {@code google-chrome} on the {@code PATH}.
     * Any thread.
     *
     * @return the executable, or empty if there is none
     */
    public static Optional<Path> findExecutable() {
        String configured = System.getenv(EXECUTABLE_ENV);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES_ON_PATH) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts headless Chromium ({@code --headless --no-sandbox --disable-gpu --remote-debugging-port=0}) with a new
     * temporary profile, waits up to 30 s for it to print its DevTools address, and connects to it. Test threads
     * only.
     *
     * @return the running browser; close it to end the process
     * @throws IOException if no browser is found ({@link #findExecutable()}), it cannot be started, it exits or
     *     does not print its DevTools address in time (the message quotes its last output lines), or the DevTools
     *     WebSocket cannot be opened
     */
    public static Chromium launch() throws IOException {
        Path executable = findExecutable()
                .orElseThrow(() -> new IOException("no Chromium found: set " + EXECUTABLE_ENV
                        + " to a Chromium or Chrome binary, or put chromium, chromium-browser or google-chrome on"
                        + " the PATH (Debian: apt-get install -y chromium)"
                        + (System.getenv(EXECUTABLE_ENV) != null
                                ? "; " + EXECUTABLE_ENV + "=" + System.getenv(EXECUTABLE_ENV) + " is not executable"
                                : "")));
        Path profile = Files.createTempDirectory("squall-chromium-");
        List<String> command = List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--mute-audio",
                // every tab of a test is "in the background" for the browser; keep their timers running
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "about:blank");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new IOException("could not start " + executable + ": " + e.getMessage(), e);
        }
        OutputWatcher output = new OutputWatcher(process);
        String url;
        try {
            url = output.devToolsUrl.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            kill(process);
            deleteTree(profile);
            String why = e instanceof TimeoutException
                    ? "did not print its DevTools address within " + START_TIMEOUT_SECONDS + " s"
                    : "exited before printing its DevTools address";
            throw new IOException(executable + " " + why + "; its last output:\n" + output.tail(), e);
        }
        try {
            return new Chromium(process, profile, DevTools.connect(url));
        } catch (IOException e) {
            kill(process);
            deleteTree(profile);
            throw e;
        }
    }

    /**
     * Opens a new tab on {@code url} and waits up to 30 s for its {@code load} event. Test threads only.
     *
     * @param url the address to load
     * @return the page; close it to close the tab
     * @throws AssertionError if the page cannot be loaded (the message has Chromium's network error) or does not
     *     fire {@code load} in time
     * @throws IllegalStateException if the browser is closed, or when called on an event loop thread
     */
    public BrowserPage newPage(String url) {
        if (closed) {
            throw new IllegalStateException("this Chromium is closed; launch a new one");
        }
        String targetId =
                Json.string(devTools.call(null, "Target.createTarget", Map.of("url", "about:blank")), "targetId");
        String sessionId = Json.string(
                devTools.call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true)),
                "sessionId");
        BrowserPage page = new BrowserPage(devTools, targetId, sessionId);
        try {
            page.start();
            page.navigate(url);
            return page;
        } catch (RuntimeException | Error e) {
            page.close();
            throw e;
        }
    }

    /**
     * Returns the browser process's id, for diagnostics.
     *
     * @return the PID
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Ends the browser: asks it to close, waits up to 10 s for the process to exit, kills it (and the processes it
     * started) if it did not, and deletes the temporary profile. Test threads only; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> children = process.descendants().toList();
        try {
            devTools.call(null, "Browser.close", Map.of(), Duration.ofSeconds(5));
        } catch (RuntimeException | AssertionError e) {
            // it may have closed the connection before answering; the process wait below decides
        }
        devTools.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        deleteTree(profile);
    }

    @Override
    public String toString() {
        return "Chromium[pid " + process.pid() + (closed ? ", closed" : "") + "]";
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete the Chromium profile " + root + ": " + e);
        }
    }

    /**
     * Reads the browser's stderr on a daemon thread until it ends (so the pipe never fills): finds the DevTools
     * address and keeps the last lines for error messages.
     */
    private static final class OutputWatcher {
        final CompletableFuture<String> devToolsUrl = new CompletableFuture<>();
        private final ArrayDeque<String> last = new ArrayDeque<>();

        OutputWatcher(Process process) {
            Thread t = new Thread(() -> read(process), "chromium-stderr-" + process.pid());
            t.setDaemon(true);
            t.start();
        }

        private void read(Process process) {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    keep(line);
                    int at = line.indexOf(LISTENING);
                    if (at >= 0) {
                        devToolsUrl.complete(
                                line.substring(at + LISTENING.length()).strip());
                    }
                }
            } catch (IOException e) {
                keep("(reading the output failed: " + e + ")");
            }
            devToolsUrl.completeExceptionally(new IOException("the output ended"));
        }

        private synchronized void keep(String line) {
            if (last.size() == OUTPUT_LINES_KEPT) {
                last.removeFirst();
            }
            last.addLast(line);
        }

        synchronized String tail() {
            return last.isEmpty() ? "(none)" : String.join("\n", last);
        }
    }
}
