package dev.squall.site;

import dev.squall.http.HttpServer;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The site's entry point ({@code ./squall site}, or {@code java -jar site/target/squall-site.jar}):
 *
 * <pre>
 * ./squall site [--port=8000] [--address=127.0.0.1]     # serve it
 * ./squall site export DIR                               # write it as static files into DIR
 * </pre>
 *
 * <p>The guides are read from the repository at start-up, so the site always shows the checkout's {@code docs/}
 * (restart to see an edit): the repository is found by {@code --root}, else as the nearest directory holding
 * {@code docs/} and {@code pom.xml} above the working directory, else above the jar. The API reference is
 * {@code site/target/apidocs} ({@code --api} for another), built by {@code mvn package}.
 */
public final class SiteMain {
    /** Default {@code --port}. */
    public static final int DEFAULT_PORT = 8000;
    /** Default {@code --address}: loopback only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    private static final String USAGE = "Usage: ./squall site [--port=N] [--address=A] [--root=DIR] [--api=DIR]\n"
            + "       ./squall site export DIR [--root=DIR] [--api=DIR]";

    private SiteMain() {}

    /**
     * Serves or exports the site.
     *
     * @param args the options, and {@code export DIR} to export
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0 || List.of(args).contains("export")) {
            System.exit(status); // an export is done: nothing of it must keep the JVM alive
        }
    }

    /**
     * The testable body of {@link #main}.
     *
     * @param args the command line
     * @param out where progress and help go
     * @param err where errors go
     * @return 0 when served or exported, 1 on failure, 2 for a bad command line
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = new Options();
        Option<String> address =
                options.define("address", DEFAULT_ADDRESS).help("the address to bind (0.0.0.0: every interface)");
        Option<Integer> port = options.define("port", DEFAULT_PORT)
                .help("the port to serve the site on (0: any free port)")
                .check(SiteMain::isPort, "a port number, 0..65535");
        Option<String> root = options.define("root", "")
                .metavar("DIR")
                .help("the Squall repository (docs/, benchmarks/); found above the working directory or the jar"
                        + " when not given");
        Option<String> api = options.define("api", "")
                .metavar("DIR")
                .help("the javadoc to serve under /api/; default ROOT/site/target/apidocs");
        List<String> arguments;
        try {
            arguments = options.parseCommandLine(args);
        } catch (OptionException e) {
            err.println("site: " + e.getMessage() + "\n" + USAGE);
            return OptionException.EXIT_USAGE;
        }
        if (options.helpRequested()) {
            out.print(options.help(USAGE));
            return 0;
        }
        boolean export = !arguments.isEmpty() && arguments.get(0).equals("export");
        if (export ? arguments.size() != 2 : !arguments.isEmpty()) {
            err.println("site: unexpected arguments " + arguments + "\n" + USAGE);
            return OptionException.EXIT_USAGE;
        }
        try {
            Path repo =
                    root.value().isEmpty() ? findRoot() : Path.of(root.value()).toAbsolutePath();
            if (repo == null || !Files.isDirectory(repo.resolve("docs"))) {
                err.println("site: cannot find the Squall repository (a directory with docs/ and pom.xml) above the"
                        + " working directory or the jar; run it from a clone, or pass --root=DIR");
                return 1;
            }
            Path apiDir = api.value().isEmpty() ? repo.resolve("site/target/apidocs") : Path.of(api.value());
            Path staticDir = Files.createTempDirectory("squall-site-static");
            Site site = Site.load(repo, apiDir, staticDir);
            if (export) {
                Path dir = Path.of(arguments.get(1)).toAbsolutePath();
                int files = Export.export(site, dir);
                out.println("site: wrote " + files + " files to " + dir + "; open " + dir.resolve("index.html"));
                if (site.apiDir == null) {
                    out.println("site: the API reference is not built (mvn -B -ntp -q -pl site -am package"
                            + " -DskipTests); api/index.html says so");
                }
                return 0;
            }
            HttpServer server = site.app().listen(port.value(), address.value());
            out.println("site: serving " + repo + " on http://" + address.value() + ":" + server.port() + "/"
                    + (site.apiDir == null ? " (API reference not built)" : ""));
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("site: " + e);
            return 1;
        }
    }

    private static boolean isPort(int port) {
        return port >= 0 && port <= 65535;
    }

    /** Returns the nearest directory with {@code docs/} and {@code pom.xml} above the working directory or jar. */
    static @Nullable Path findRoot() {
        Path found = findRootAbove(Path.of("").toAbsolutePath());
        if (found != null) {
            return found;
        }
        try {
            Path jar = Path.of(SiteMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return findRootAbove(jar);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Returns {@code start} or its nearest ancestor with {@code docs/} and {@code pom.xml}, or null. */
    static @Nullable Path findRootAbove(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return null;
    }
}
