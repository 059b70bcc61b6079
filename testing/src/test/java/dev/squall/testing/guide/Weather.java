package dev.squall.testing.guide;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import java.util.concurrent.CompletionStage;

/**
 * An application that calls a third-party API: {@code GET /} shows today's weather from
 * {@code http://api.weather.example}. It takes its HTTP client as a parameter, so a test can hand it one that
 * reaches a fake of that API.
 */
public final class Weather {
    private Weather() {}

    /** Returns the application, calling the weather API with {@code http}. */
    public static Application app(AsyncHttpClient http) {
        return Application.builder().route("/", () -> new TodayHandler(http)).build();
    }

    /** What the weather API answers. */
    public record Forecast(String summary, int celsius) {}

    static final class TodayHandler extends AsyncRequestHandler {
        private final AsyncHttpClient http;

        TodayHandler(AsyncHttpClient http) {
            this.http = http;
        }

        @Override
        public CompletionStage<?> get() {
            return http.fetch("http://api.weather.example/v1/today?city=Oslo").thenAccept(response -> {
                Forecast today = response.json(Forecast.class);
                write(today.summary() + ", " + today.celsius() + "°C");
            });
        }
    }
}
