package dev.squall.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a fake of an external service for the tests of a {@link SquallTest} class: a method without
 * parameters that returns an {@link dev.squall.http.HttpHandler} (an {@code Application}), or a field holding
 * one, static or not. The harness serves it on a free loopback port on the test's loop, and the HTTP clients
 * it hands out — the {@code AsyncHttpClient} an {@code app(AsyncHttpClient)} method receives, and one
 * injected into a test — reach it under {@link #host()}, with no real DNS and no network: as Ktor's
 * {@code externalServices} or Tornado's {@code OverrideResolver}.
 *
 * <pre>{@code
 * @SquallTest
 * class WeatherTest {
 *     @FakeService(host = "api.weather.example")
 *     static Application weatherApi() {
 *         return Application.builder().route("/today", SunnyHandler::new).build();
 *     }
 *
 *     static Application app(AsyncHttpClient http) { return Weather.app(http); }
 *
 *     @Test void showsTodaysWeather(TestClient client) {
 *         assertEquals("Sunny, 21°C", client.fetch("/").bodyText());
 *     }
 * }
 * }</pre>
 *
 * <p>Any other host name those clients ask for fails with an {@link java.net.UnknownHostException} that names
 * it; loopback names and addresses work as usual.
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FakeService {

    /**
     * The host name the application calls, e.g. {@code api.github.com}.
     *
     * @return the host name
     */
    String host();

    /**
     * Serves the fake over HTTPS with a self-signed {@link TestCertificate} for {@link #host()}, which the
     * harness's clients trust: for applications that call {@code https://} URLs.
     *
     * @return whether the fake speaks TLS
     */
    boolean https() default false;

    /**
     * The port the application calls; by default 443 with {@link #https()}, else 80.
     *
     * @return the port, or -1 for the scheme's default
     */
    int port() default -1;
}
