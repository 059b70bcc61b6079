package dev.squall.web;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An application's access log, as Tornado's {@code log_request}: the {@code logFunction} if one is set, else the
 * {@code dev.squall.access} logger at INFO below 400, WARNING for 4xx, ERROR for 5xx, as
 * {@code 200 GET /path (1.2.3.4) 0.52ms}. Thread-safe.
 */
final class AccessLog {
    private static final System.Logger ACCESS_LOG = System.getLogger("dev.squall.access");
    private static final System.Logger APP_LOG = System.getLogger("dev.squall.application");

    private final @Nullable Consumer<? super BaseRequestHandler> logFunction;

    AccessLog(@Nullable Consumer<? super BaseRequestHandler> logFunction) {
        this.logFunction = logFunction;
    }

    /** Writes the line for a finished request; a throwing {@code logFunction} is logged. Loop thread. */
    void log(BaseRequestHandler handler) {
        if (logFunction != null) {
            try {
                logFunction.accept(handler);
            } catch (Throwable t) {
                APP_LOG.log(Level.ERROR, "the application's logFunction threw", t);
            }
            return;
        }
        int status = handler.status();
        Level level = status < 400 ? Level.INFO : status < 500 ? Level.WARNING : Level.ERROR;
        if (ACCESS_LOG.isLoggable(level)) {
            ACCESS_LOG.log(
                    level,
                    status + " " + handler.requestSummary() + " "
                            + String.format(Locale.ROOT, "%.2fms", handler.requestTime() * 1000));
        }
    }
}
