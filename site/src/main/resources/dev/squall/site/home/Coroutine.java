import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.httpclient.HttpResponse;
import dev.squall.web.CoroutineRequestHandler;
import java.util.Map;

// A coroutine: await in straight-line code; the loop serves others meanwhile.
final class Forecast extends CoroutineRequestHandler {
    @Override public void get() {
        HttpResponse r = await(AsyncHttpClient.shared().fetch("https://api.weather.example/today"));
        write(Map.of("today", r.bodyText()));
    }
}
