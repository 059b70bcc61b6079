package dev.squall.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Subprocess} with real child processes ({@code sh} and {@code cat}, so Unix only). */
class SubprocessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final IOLoop loop =
            IOLoop.builder().name("subprocess-test").daemon(true).build();

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T onLoop(Supplier<? extends CompletionStage<T>> op) {
        return loop.runSync(op, WAIT);
    }

    @Test
    void stdoutStderrAndTheExitStatusArriveOnTheLoop() throws Exception {
        Subprocess p = Subprocess.start(loop, "sh", "-c", "printf hello; printf oops >&2; exit 3");
        List<String> threads = new ArrayList<>();
        String all = onLoop(() -> p.readStdout()
                .thenCombine(p.readStderr(), (out, err) -> {
                    threads.add(Thread.currentThread().getName());
                    return out.utf8() + "|" + err.utf8();
                })
                .thenCombine(p.exitFuture(), (s, code) -> {
                    threads.add(Thread.currentThread().getName());
                    return s + "|" + code;
                }));
        assertEquals("hello|oops|3", all);
        assertEquals(List.of("subprocess-test", "subprocess-test"), threads);
    }

    @Test
    void stdinWritesArriveInOrderAndClosingItEndsTheChild() throws Exception {
        Subprocess p = Subprocess.start(loop, "cat");
        String out = onLoop(() -> {
            p.writeStdin(ByteString.encodeUtf8("a\n"));
            p.writeStdin(ByteString.encodeUtf8("b\n"));
            p.closeStdin();
            return p.readStdout().thenApply(ByteString::utf8);
        });
        assertEquals("a\nb\n", out);
        assertEquals(0, onLoop(p::exitFuture));
    }

    @Test
    void chunksArriveAsTheChildWritesThemThenNull() throws Exception {
        Subprocess p = Subprocess.start(loop, "cat");
        assertEquals(
                "x",
                onLoop(() -> p.writeStdin(ByteString.encodeUtf8("x"))
                        .thenCompose(v -> p.readStdoutChunk())
                        .thenApply(ByteString::utf8)));
        assertEquals(
                "yz",
                onLoop(() -> p.writeStdin(ByteString.encodeUtf8("yz"))
                        .thenCompose(v -> p.readStdoutChunk())
                        .thenApply(ByteString::utf8)));
        assertNull(onLoop(() -> p.closeStdin().thenCompose(v -> p.readStdoutChunk())));
    }

    @Test
    void aKilledChildExitsWithAFailureStatus() throws Exception {
        Subprocess p = Subprocess.start(loop, "cat");
        p.kill();
        assertNotEquals(0, onLoop(p::exitFuture));
    }

    @Test
    void aStreamThatIsNotAPipeCannotBeRead() throws Exception {
        Subprocess p =
                Subprocess.start(loop, new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> onLoop(p::readStdout));
        assertTrue(e.getMessage().startsWith("stdout of this process is not a pipe"), e.getMessage());
        assertEquals(0, onLoop(p::exitFuture));
    }

    @Test
    void readingOffTheLoopIsRefused() throws Exception {
        Subprocess p = Subprocess.start(loop, "true");
        assertThrows(IllegalStateException.class, p::readStdout);
        onLoop(() -> p.readStdout().thenCompose(v -> p.exitFuture()));
    }

    @Test
    void aProgramThatDoesNotExistFailsToStart() {
        assertThrows(java.io.IOException.class, () -> Subprocess.start(loop, "/nonexistent/squall-test-program"));
    }
}
