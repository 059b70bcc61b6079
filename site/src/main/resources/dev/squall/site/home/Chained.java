import dev.squall.httpclient.AsyncHttpClient;
import dev.squall.web.AsyncRequestHandler;
import java.util.Map;
import java.util.concurrent.CompletionStage;

// Chained futures: the response ends when the stage completes.
final class Forecast extends AsyncRequestHandler {
    @Override public CompletionStage<?> get() {
        return AsyncHttpClient.shared()
                .fetch("https://api.weather.example/today")
                .thenAccept(r -> write(Map.of("today", r.bodyText())));
    }
}
