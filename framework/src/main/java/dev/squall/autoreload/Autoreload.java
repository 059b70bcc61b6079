package dev.squall.autoreload;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Restarts the application when its compiled classes change, as Tornado's {@code autoreload} in debug mode.
 * The process that calls {@link #supervise} becomes a small supervisor: it starts the same {@code main} with the
 * same JVM flags and arguments in a child JVM (which binds the port and serves), polls the class directories of
 * the class path every 500 ms, and when a compile changed them and they stayed still for 500 ms, stops the
 * child (as Ctrl-C would: shutdown hooks run), waits for it to exit so the port is free, and starts a new one.
 * A child that exits on its own (a start-up error after a bad edit) is started again at the next change.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Options options = new Options();
 *     Option<Boolean> debug = options.define("debug", false).help("restart when the classes change");
 *     options.parseCommandLine(args);
 *     if (debug.value() && Autoreload.supervise(Main.class, args)) {
 *         return;                     // this was the supervisor; the children did the work
 *     }
 *     app(debug.value()).listen(8888);
 * }
 * }</pre>
 *
 * <p>Then run it from the IDE or {@code mvn exec:java}, and {@code mvn compile} in another terminal after an
 * edit. Never in production: it does nothing unless asked, and nothing when every class-path entry is a jar
 * (a packaged application) — only directories are watched. JVM flags that would clash in two JVMs (a
 * {@code -agentlib:jdwp} debugger port) are not passed to the children.
 */
public final class Autoreload {
    /** How often the class directories are listed, as Tornado's 500 ms. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** How long the classes must stay unchanged before the restart, so a compile is not caught half-way. */
    public static final Duration QUIET_PERIOD = Duration.ofMillis(500);
    /** Set in a child's environment, so that its own {@link #supervise} call lets it run. */
    public static final String CHILD_ENVIRONMENT_VARIABLE = "SQUALL_AUTORELOAD_CHILD";
    /** How long a child may take to stop before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("dev.squall.autoreload");

    private Autoreload() {}

    /**
     * Runs {@code mainClass} with {@code args} in child JVMs, restarting it whenever the class directories
     * change, until this JVM is stopped; or returns false at once when it does not apply: in a child, or when
     * the class path has no directory (classes from jars only).
     *
     * @param mainClass the class whose {@code main} the children run
     * @param args the arguments for the children's {@code main}, usually this {@code main}'s own
     * @return true when this JVM was the supervisor (and has been interrupted): the caller returns; false when
     *     the caller should run the application itself
     */
    public static boolean supervise(Class<?> mainClass, String... args) {
        if (isChild()) {
            return false;
        }
        List<Path> dirs = classDirectories();
        if (dirs.isEmpty()) {
            LOG.log(Level.INFO, "autoreload is off: the class path holds only jars");
            return false;
        }
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-Xrunjdwp")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        LOG.log(Level.INFO, "watching {0} for changes; run mvn compile to restart the application", dirs);
        Supervisor supervisor = new Supervisor(command, dirs, POLL_INTERVAL, QUIET_PERIOD, p -> {});
        Thread hook = new Thread(supervisor::stopChild, "autoreload-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            supervisor.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Returns whether this JVM is a child that a supervisor started. */
    public static boolean isChild() {
        return System.getenv(CHILD_ENVIRONMENT_VARIABLE) != null;
    }

    /**
     * Returns the directories on the class path ({@code target/classes} of each module in a build), the ones
     * {@link #supervise} watches.
     *
     * @return existing directories, in class-path order; empty when the class path holds only jars
     */
    public static List<Path> classDirectories() {
        List<Path> dirs = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) {
                dirs.add(Path.of(entry).toAbsolutePath());
            }
        }
        return dirs;
    }

    private static String javaCommand() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The supervisor's loop: start a child, poll, restart on change. Package-private so tests can run it with
     * their own command, directories and times.
     */
    static final class Supervisor {
        private final List<String> command;
        private final ChangeDetector detector;
        private final long pollMillis;
        private final Consumer<Process> onStart;
        private @Nullable Process child;
        private boolean reportedExit;

        Supervisor(List<String> command, List<Path> dirs, Duration poll, Duration quiet, Consumer<Process> onStart) {
            this.command = List.copyOf(command);
            this.detector = new ChangeDetector(dirs, quiet);
            this.pollMillis = poll.toMillis();
            this.onStart = Objects.requireNonNull(onStart);
        }

        /** Runs until interrupted, then stops the child. */
        void run() throws InterruptedException {
            try {
                start();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(pollMillis); // the supervisor is a plain thread of its own, not a loop
                    Process p = child;
                    if (p != null && !p.isAlive() && !reportedExit) {
                        reportedExit = true;
                        LOG.log(
                                Level.WARNING,
                                "the application exited with status {0}; it restarts " + "at the next change",
                                p.exitValue());
                    }
                    if (detector.poll(System.nanoTime())) {
                        LOG.log(Level.INFO, "classes changed, restarting");
                        stopChild();
                        start();
                    }
                }
            } finally {
                stopChild();
            }
        }

        private void start() {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put(CHILD_ENVIRONMENT_VARIABLE, "1");
            try {
                Process p = pb.start();
                synchronized (this) {
                    child = p;
                }
                reportedExit = false;
                onStart.accept(p);
            } catch (IOException e) {
                LOG.log(
                        Level.ERROR,
                        "cannot start " + command.get(0) + ": " + e.getMessage()
                                + "; it is tried again at the next change");
            }
        }

        /** Stops the child as Ctrl-C would, and kills it if it has not exited after {@link #STOP_TIMEOUT}. */
        void stopChild() {
            Process p;
            synchronized (this) {
                p = child;
                child = null;
            }
            if (p == null || !p.isAlive()) {
                return;
            }
            p.destroy();
            boolean interrupted = false;
            try {
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "the application did not stop within {0}; killing it", STOP_TIMEOUT);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                p.destroyForcibly();
            }
            // Wait for the exit whatever interrupts say: the next child needs the port, and a supervisor that
            // ends must not leave its child behind.
            while (p.isAlive()) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
