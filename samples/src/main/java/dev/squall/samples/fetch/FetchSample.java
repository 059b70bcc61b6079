package dev.squall.samples.fetch;

import dev.squall.httpclient.HttpClient;
import dev.squall.httpclient.HttpClientError;
import dev.squall.httpclient.HttpClientTimeoutException;
import dev.squall.httpclient.HttpProxy;
import dev.squall.httpclient.HttpRequest;
import dev.squall.httpclient.HttpResponse;
import dev.squall.options.Option;
import dev.squall.options.Options;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar squall-samples.jar fetch URL [--method=GET] [--header=Name:value ...] [--body=TEXT]
 * [--print-headers] [--no-body] [--follow-redirects=false] [--validate-cert=false] [--proxy=host:port]
 * [--timeout=20s]}: fetches one URL with the blocking {@link HttpClient} and prints the body (and the status
 * line and headers with {@code --print-headers}), as {@code python -m tornado.httpclient}.
 *
 * <p>Exits with status 1 and the error's message on stderr when the fetch fails — a network error, a timeout,
 * a 4xx/5xx answer (whose body is still printed first, as Tornado prints the error response), or a redirect
 * still there after the redirect limit ({@code "too many redirects: still 302 after maxRedirects=5 ..."}).
 */
public final class FetchSample implements Sample {
    private final PrintStream out;
    private Option<String> method;
    private Option<List<String>> headers;
    private Option<String> body;
    private Option<Boolean> printHeaders;
    private Option<Boolean> noBody;
    private Option<Boolean> followRedirects;
    private Option<Boolean> validateCert;
    private Option<String> proxy;
    private Option<Duration> timeout;

    /** Creates the sample, printing to {@link System#out}. */
    public FetchSample() {
        this(System.out);
    }

    /**
     * Creates the sample printing to {@code out}.
     *
     * @param out where the response goes
     */
    public FetchSample(PrintStream out) {
        this.out = out;
    }

    @Override
    public void defineOptions(Options options) {
        method = options.define("method", "GET").help("the request method");
        headers = options.defineRepeated("header").help("a request header, Name:value");
        body = options.define("body", "").help("the request body, sent as UTF-8 text");
        printHeaders = options.define("print-headers", false).help("print the status line and response headers");
        noBody = options.define("no-body", false).help("do not print the response body");
        followRedirects = options.define("follow-redirects", true).help("follow 3xx redirects (at most 5)");
        validateCert = options.define("validate-cert", true).help("check the server's TLS certificate and host name");
        proxy = options.define("proxy", "").help("an HTTP proxy, host:port");
        timeout = options.define("timeout", HttpRequest.DEFAULT_REQUEST_TIMEOUT).help("the request timeout");
    }

    /**
     * Fetches the URL given as the only argument and prints the response.
     *
     * @param launch the URL as the positional argument
     * @throws IOException with the error's message when the fetch fails, the server answers 4xx/5xx, or
     *     redirects more than the limit
     */
    @Override
    public void run(Launch launch) throws IOException {
        if (launch.arguments().size() != 1) {
            throw new IOException("give exactly one URL to fetch, e.g. fetch http://127.0.0.1:8888/ (got "
                    + launch.arguments().size() + " arguments)");
        }
        HttpRequest request = request(launch.arguments().get(0));
        HttpResponse response;
        IOException failure = null;
        try (HttpClient http = HttpClient.create()) {
            response = http.fetch(request);
        } catch (HttpClientTimeoutException e) {
            throw new IOException(e.getMessage(), e);
        } catch (HttpClientError e) {
            // The error response is printed first, as Tornado prints it. A redirect is a failure unless the
            // user asked not to follow redirects: followed ones only come back when the limit ran out.
            response = e.response();
            boolean redirectAsked = response.code() / 100 == 3 && !followRedirects.value();
            if (!redirectAsked) {
                failure = new IOException(e.getMessage(), e);
            }
        }
        if (printHeaders.value()) {
            StringBuilder head = new StringBuilder();
            head.append(response.version())
                    .append(' ')
                    .append(response.code())
                    .append(' ')
                    .append(response.reason())
                    .append('\n');
            response.headers()
                    .forEach((name, value) ->
                            head.append(name).append(": ").append(value).append('\n'));
            out.print(head.append('\n'));
        }
        if (!noBody.value()) {
            out.write(response.bodyBytes());
        }
        out.flush();
        if (failure != null) {
            throw failure;
        }
    }

    private HttpRequest request(String url) throws IOException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.builder(url);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        b.method(method.value())
                .followRedirects(followRedirects.value())
                .validateCertificates(validateCert.value())
                .requestTimeout(timeout.value())
                .allowNonstandardMethods(true);
        for (String header : headers.value()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("--header takes Name:value, got '" + header + "'");
            }
            try {
                b.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IOException("--header " + header + ": " + e.getMessage(), e);
            }
        }
        if (!body.value().isEmpty()) {
            b.body(body.value());
        }
        if (!proxy.value().isEmpty()) {
            b.proxy(parseProxy(proxy.value()));
        }
        return b.build();
    }

    private static HttpProxy parseProxy(String value) throws IOException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IOException("--proxy takes host:port, got '" + value + "'");
        }
        try {
            return HttpProxy.of(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IOException("--proxy takes host:port, got '" + value + "': " + e.getMessage(), e);
        }
    }
}
