package dev.squall.process;

import dev.squall.loop.IOLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A child process whose pipes and exit are futures on an event loop, as Tornado's {@code process.Subprocess}:
 *
 * <pre>{@code
 * Subprocess p = Subprocess.start(loop, "git", "rev-parse", "HEAD");
 * p.readStdout()                                   // everything the child writes, when it closes stdout
 *  .thenCombine(p.exitFuture(), (out, code) -> code == 0 ? out.utf8().strip() : "unknown")
 *  .thenAccept(this::write);
 * }</pre>
 *
 * <p>A {@link Process}'s pipes are blocking streams, not selectable channels, so each pipe has a virtual thread:
 * stdout and stderr are pumped into the loop (at most 1 MiB unread per pipe; past that the child blocks on its
 * writes, so a slow reader slows the child, not the heap), and stdin writes run one after another on a virtual
 * thread. Every future completes on the loop given to {@link #start}; reads are started on that loop. Streams that
 * are not pipes ({@link ProcessBuilder.Redirect#INHERIT}, a file) cannot be read here.
 */
public final class Subprocess {
    private final IOLoop loop;
    private final Process process;
    private final @Nullable PipeReader stdout;
    private final @Nullable PipeReader stderr;
    private final CompletableFuture<Integer> exit;
    private CompletableFuture<Void> stdinTail = CompletableFuture.completedFuture(null);

    private Subprocess(IOLoop loop, ProcessBuilder builder) throws IOException {
        this.loop = loop;
        this.process = builder.start();
        String name = "subprocess-" + process.pid();
        this.stdout = builder.redirectOutput() == ProcessBuilder.Redirect.PIPE
                ? new PipeReader(loop, process.getInputStream(), name + "-stdout")
                : null;
        this.stderr = builder.redirectError() == ProcessBuilder.Redirect.PIPE && !builder.redirectErrorStream()
                ? new PipeReader(loop, process.getErrorStream(), name + "-stderr")
                : null;
        this.exit = loop.adopt(process.onExit().thenApply(Process::exitValue));
    }

    /**
     * Starts {@code command} with every stream a pipe.
     *
     * @param loop the loop the futures complete on
     * @param command the program and its arguments
     * @return the running process
     * @throws IOException if it cannot start (no such program, not executable)
     */
    public static Subprocess start(IOLoop loop, String... command) throws IOException {
        return start(loop, new ProcessBuilder(command));
    }

    /**
     * Starts a process as {@code builder} describes (directory, environment, redirects).
     *
     * @param loop the loop the futures complete on
     * @param builder the process to start
     * @return the running process
     * @throws IOException if it cannot start
     */
    public static Subprocess start(IOLoop loop, ProcessBuilder builder) throws IOException {
        return new Subprocess(Objects.requireNonNull(loop, "loop"), builder);
    }

    /** Returns the JDK's handle on the process (pid, destroy, info). */
    public Process process() {
        return process;
    }

    /**
     * Returns a future of the exit status, completed on the loop when the process ends (Tornado's
     * {@code wait_for_exit(raise_error=False)}).
     *
     * @return the exit status: 0 for success; 128 + the signal number on Unix for a killed process
     */
    public CompletableFuture<Integer> exitFuture() {
        return exit;
    }

    /**
     * Reads everything the child writes to stdout, until it closes it (usually when it exits).
     *
     * @return a future completed on the loop with the bytes
     * @throws IllegalStateException if called off the loop, with another stdout read pending, or when stdout is
     *     not a pipe
     */
    public CompletableFuture<ByteString> readStdout() {
        return pipe(stdout, "stdout").readUntilClose();
    }

    /**
     * Reads the next bytes the child writes to stdout, as they come.
     *
     * @return a future completed on the loop with at least one byte, or with null when stdout is closed
     * @throws IllegalStateException as {@link #readStdout()}
     */
    public CompletableFuture<@Nullable ByteString> readStdoutChunk() {
        return pipe(stdout, "stdout").readChunk();
    }

    /**
     * Reads everything the child writes to stderr, until it closes it.
     *
     * @return a future completed on the loop with the bytes
     * @throws IllegalStateException as {@link #readStdout()}, for stderr
     */
    public CompletableFuture<ByteString> readStderr() {
        return pipe(stderr, "stderr").readUntilClose();
    }

    /**
     * Reads the next bytes the child writes to stderr, as they come.
     *
     * @return a future completed on the loop with at least one byte, or with null when stderr is closed
     * @throws IllegalStateException as {@link #readStdout()}, for stderr
     */
    public CompletableFuture<@Nullable ByteString> readStderrChunk() {
        return pipe(stderr, "stderr").readChunk();
    }

    private PipeReader pipe(@Nullable PipeReader reader, String which) {
        if (reader == null) {
            throw new IllegalStateException(which + " of this process is not a pipe (redirected or merged); start it"
                    + " with ProcessBuilder.Redirect.PIPE to read it");
        }
        return reader;
    }

    /**
     * Writes to the child's stdin. Writes happen in call order, each after the previous one reached the pipe.
     *
     * @param data the bytes
     * @return a future completed on the loop when the bytes are in the pipe (the child may not have read them:
     *     waiting on it is how a writer keeps pace with a slow child); failed with an {@link IOException} if
     *     the child closed its stdin or exited
     */
    public CompletableFuture<Void> writeStdin(ByteString data) {
        return stdin(out -> data.write(out));
    }

    /**
     * Closes the child's stdin after the pending writes, so that it sees the end of its input.
     *
     * @return a future completed on the loop when it is closed
     */
    public CompletableFuture<Void> closeStdin() {
        return stdin(OutputStream::close);
    }

    private interface StdinOp {
        void run(OutputStream out) throws IOException;
    }

    private synchronized CompletableFuture<Void> stdin(StdinOp op) {
        OutputStream out = process.getOutputStream();
        CompletableFuture<Void> next = stdinTail.handle((v, e) -> null).thenCompose(ignored -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread.ofVirtual().name("subprocess-" + process.pid() + "-stdin").start(() -> {
                try {
                    op.run(out);
                    out.flush();
                    done.complete(null);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                } catch (UncheckedIOException e) {
                    done.completeExceptionally(e.getCause());
                }
            });
            return done;
        });
        stdinTail = next;
        return loop.adopt(next);
    }

    /** Asks the process to end (SIGTERM on Unix); {@link #exitFuture()} completes when it has. */
    public void terminate() {
        process.destroy();
    }

    /** Ends the process at once (SIGKILL on Unix). */
    public void kill() {
        process.destroyForcibly();
    }

    /** Returns the command line, for logs. */
    @Override
    public String toString() {
        return "Subprocess[pid " + process.pid() + ", "
                + process.info().command().orElse("?") + "]";
    }

    /** Returns the pid of the process. */
    public long pid() {
        return process.pid();
    }
}
