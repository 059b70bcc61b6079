package dev.squall.samples;

import dev.squall.autoreload.Autoreload;
import dev.squall.log.LoggingOptions;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.aggregator.AggregatorSample;
import dev.squall.samples.bench.BenchSample;
import dev.squall.samples.blog.BlogSample;
import dev.squall.samples.chat.ChatSample;
import dev.squall.samples.fetch.FetchSample;
import dev.squall.samples.hello.HelloSample;
import dev.squall.samples.kotlin.KotlinSample;
import dev.squall.samples.login.LoginSample;
import dev.squall.samples.spider.SpiderSample;
import dev.squall.samples.styles.StylesSample;
import dev.squall.samples.tcpecho.TcpEchoClient;
import dev.squall.samples.tcpecho.TcpEchoServer;
import dev.squall.samples.upload.UploadSample;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The samples jar's entry point: {@code java -jar squall-samples.jar NAME [--option=value ...]} runs sample
 * {@code NAME}; {@code NAME --help} lists its options. Without a name, or with an unknown one, it prints the
 * list of samples and exits with status 2; a bad option also exits with 2, and a sample that fails to start
 * with 1.
 *
 * <p>Every sample accepts {@code --port}, {@code --address}, {@code --loops}, {@code --debug} (restart when the
 * classes change, with {@link Autoreload}), {@code --config=FILE} and the logging options of {@link LoggingOptions};
 * options are read from the command line, then {@code SQUALL_*} environment variables ({@code SQUALL_PORT=9000}),
 * then the config file, in that order of precedence.
 */
public final class Main {
    /** Default of {@code --shutdown-grace}: how long requests in progress may take when the process is stopped. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** Default {@code --port}. */
    public static final int DEFAULT_PORT = 8888;
    /** Default {@code --address}: loopback only, so a demo is not exposed to the network by accident. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** Exit status for a command line that cannot be run (unknown sample, bad option). */
    public static final int EXIT_USAGE = OptionException.EXIT_USAGE;
    /** The prefix of the environment variables the samples read options from: {@code SQUALL_PORT=9000}. */
    public static final String ENVIRONMENT_PREFIX = "SQUALL_";
    /** Exit status for a sample that failed. */
    public static final int EXIT_FAILURE = 1;

    private static final String JAR = "squall-samples.jar";

    /** The samples in the jar, in the order the list shows them. */
    static final List<Entry> SAMPLES = List.of(
            new Entry("hello", "Hello, world over HTTP: GET /, /plaintext, /json, POST /echo", HelloSample::new),
            new Entry(
                    "hello-bare",
                    "hello's routes written straight on the HttpServer, without the web layer",
                    () -> new HelloSample(true)),
            new Entry(
                    "kotlin",
                    "a Kotlin suspend handler that awaits a blocking lookup and a timer: GET /?name=Ada",
                    KotlinSample::new),
            new Entry(
                    "fetch",
                    "fetch URL [--method=...] [--header=...] [--body=...] [--print-headers] [--no-body]"
                            + " [--follow-redirects=false] [--validate-cert=false] [--proxy=host:port]",
                    FetchSample::new),
            new Entry(
                    "spider",
                    "spider URL [--concurrency=10] [--max-pages=N] [--timeout=300s]: crawls one site with a"
                            + " queue and N workers, Tornado's webspider",
                    SpiderSample::new),
            new Entry(
                    "aggregator",
                    "calls several (fake) upstream services at once with a per-call timeout and"
                            + " merges their answers: GET /",
                    AggregatorSample::new),
            new Entry(
                    "blog",
                    "Tornado's blog on a database: H2 under ./data/ by default, --db=jdbc:postgresql://... for"
                            + " PostgreSQL; Markdown entries, Atom feed, sign-in",
                    BlogSample::new),
            new Entry(
                    "bench",
                    "TechEmpower's database tests on PostgreSQL: GET /db, /fortunes (--db=JDBC_URL;"
                            + " benchmarks/db.sh runs it)",
                    BenchSample::new),
            new Entry(
                    "login",
                    "Sign in with GitHub/Google (squall-auth): --github-client-id/--github-client-secret,"
                            + " --google-client-id/--google-client-secret",
                    LoginSample::new),
            new Entry(
                    "styles",
                    "the same plaintext from each handler style: GET /{plain,async,coroutine}/plaintext, "
                            + "/{async,coroutine}/wait",
                    StylesSample::new),
            new Entry(
                    "upload",
                    "streamed uploads to --dir=PATH: PUT /files/NAME, a multipart form at /, GET /files/NAME",
                    UploadSample::new),
            new Entry(
                    "chat",
                    "Tornado's chat demos in one: GET / (long polling), /ws (WebSocket), /sse (EventSource);"
                            + " a message posted on one reaches all three",
                    ChatSample::new),
            new Entry(
                    "tcpecho",
                    "Tornado's TCP echo server on TcpServer: echoes each line a client sends",
                    TcpEchoServer::new),
            new Entry(
                    "tcpecho-client",
                    "sends --message=TEXT to a tcpecho server with TcpClient and prints the" + " answer",
                    TcpEchoClient::new));

    private Main() {}

    /**
     * Runs the sample named by {@code args[0]}.
     *
     * @param args the sample's name, then its options
     */
    public static void main(String[] args) {
        int status = run(SAMPLES, args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs a sample from {@code samples}; the testable body of {@link #main}.
     *
     * @param samples the samples to choose from
     * @param args the sample's name, then its options
     * @param out where help goes
     * @param err where errors and the sample list go
     *
     * @return the exit status: 0 when the sample started (or help was shown), 1 when it failed, 2 for a bad
     *     command line
     */
    static int run(List<Entry> samples, String[] args, PrintStream out, PrintStream err) {
        return run(samples, args, out, err, System.getenv());
    }

    /**
     * Runs a sample as {@link #run(List, String[], PrintStream, PrintStream)} does, with the given environment.
     *
     * @param samples the samples to choose from
     * @param args the sample's name, then its options
     * @param out where help goes
     * @param err where errors and the sample list go
     * @param environment where {@code SQUALL_*} variables are read from
     * @return the exit status
     */
    static int run(
            List<Entry> samples, String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.print(sampleList(samples, null));
            return 0;
        }
        if (args.length == 0 || args[0].startsWith("-")) {
            err.print(sampleList(samples, "name the sample to run first"));
            return EXIT_USAGE;
        }
        String name = args[0];
        Entry entry =
                samples.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        if (entry == null) {
            err.print(sampleList(samples, "unknown sample '" + name + "'"));
            return EXIT_USAGE;
        }
        Sample sample = entry.factory().get();
        Options options = new Options();
        Option<Integer> port = options.define("port", DEFAULT_PORT)
                .help("port to listen on; 0 picks a free one")
                .check(p -> p >= 0 && p <= 65535, "0..65535");
        Option<String> address =
                options.define("address", DEFAULT_ADDRESS).help("address to listen on; 0.0.0.0 for every interface");
        Option<Integer> loops = options.define("loops", Runtime.getRuntime().availableProcessors())
                .help("event loops to run; the default is one per core")
                .check(n -> n >= 1, "1 or more");
        Option<Boolean> debug = options.define("debug", false)
                .help("restart the sample when its classes change"
                        + " (mvn compile in another terminal); only when run from target/classes, not from the jar");
        Option<String> config = options.define("config", "")
                .metavar("FILE")
                .help("read options from this file, name = value per line; the command line and SQUALL_* "
                        + "environment variables win over it");
        Option<Duration> shutdownGrace = options.define("shutdown-grace", DEFAULT_SHUTDOWN_GRACE)
                .help("on SIGTERM, how long requests in progress may take to finish before the server closes");
        LoggingOptions logging = LoggingOptions.define(options);
        int common = options.all().size();
        sample.defineOptions(options);
        // --help lists the sample's own options under its name
        options.all().stream().skip(common).filter(o -> o.group().isEmpty()).forEach(o -> o.group(name));
        List<String> arguments;
        try {
            arguments = options.parseCommandLine(Arrays.copyOfRange(args, 1, args.length));
            if (options.helpRequested()) {
                out.print(entry.summary() + "\n\n"
                        + options.help("Usage: java -jar " + JAR + " " + name + " [--option=value ...]"));
                return 0;
            }
            options.parseEnvironment(ENVIRONMENT_PREFIX, environment);
            if (!config.value().isEmpty()) {
                options.parseConfigFile(Path.of(config.value()));
            }
        } catch (OptionException e) {
            err.println(JAR + " " + name + ": " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println(JAR + " " + name + ": cannot read the config file " + config.value() + ": " + e);
            return EXIT_USAGE;
        }
        try {
            logging.apply();
        } catch (UncheckedIOException e) {
            err.println(JAR + " " + name + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (debug.value() && Autoreload.supervise(Main.class, args)) {
            return 0; // this JVM supervised the sample's runs until it was stopped
        }
        try {
            sample.run(new Launch(port.value(), address.value(), loops.value(), arguments, shutdownGrace.value()));
            return 0;
        } catch (OptionException e) {
            // a sample that checks its own options' values when it starts (e.g. hello's --accept)
            err.println(JAR + " " + name + ": " + e.getMessage());
            return e.exitCode();
        } catch (IOException | UncheckedIOException e) {
            // the environment said no (port in use, unknown host): the message is the whole story
            err.println(JAR + " " + name + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (Exception e) {
            err.println(JAR + " " + name + ": " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
    }

    private static String sampleList(List<Entry> samples, @Nullable String problem) {
        StringBuilder sb = new StringBuilder();
        if (problem != null) {
            sb.append(JAR).append(": ").append(problem).append("\n\n");
        }
        sb.append("Usage: java -jar ")
                .append(JAR)
                .append(" NAME [--option=value ...]\n")
                .append("       java -jar ")
                .append(JAR)
                .append(" NAME --help   lists a sample's options\n\nSamples:\n");
        int width = samples.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (Entry e : samples) {
            sb.append("  ")
                    .append(e.name())
                    .append(" ".repeat(width - e.name().length() + 3))
                    .append(e.summary())
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * A sample in the list.
     *
     * @param name what to type after the jar
     * @param summary one line for the list
     * @param factory creates a fresh sample per run
     */
    record Entry(String name, String summary, Supplier<Sample> factory) {}
}
