package dev.squall.testing.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.testing.FakeService;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import dev.squall.web.RequestHandler;
import org.junit.jupiter.api.Test;

// guide: fake service
@SquallTest
class WeatherTest {
    @FakeService(host = "api.weather.example")
    static Application weatherApi() {
        return Application.builder().route("/v1/today", SunnyToday::new).build();
    }

    static final class SunnyToday extends RequestHandler {
        @Override
        public void get() {
            write(new Weather.Forecast("Sunny", 21));
        }
    }

    static Application app(AsyncHttpClient http) {
        return Weather.app(http);
    }

    @Test
    void showsTodaysWeather(TestClient client) {
        assertEquals("Sunny, 21°C", client.fetch("/").bodyText());
    }
}
