package dev.squall.testing.browser;

import java.io.IOException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link RequiresChromium}: launches one {@link Chromium} per test class, closes
 * it after the class, and resolves {@code Chromium} parameters. Where it cannot launch, the class is skipped with
 * the reason on stderr, or failed when the environment variable {@code CI} is {@code true}.
 */
public final class ChromiumExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

    /** Made by JUnit, through {@link RequiresChromium}. */
    public ChromiumExtension() {}

    /** Launches the class's browser, or skips/fails the class where it cannot. */
    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(Launched.class, Launched.class) != null) {
            return; // a nested class shares its outer class's browser
        }
        Chromium chromium;
        try {
            chromium = Chromium.launch();
        } catch (IOException | RuntimeException e) {
            String message = "SKIPPING the browser tests of " + context.getDisplayName() + ": " + e.getMessage()
                    + "\n(install Chromium with: apt-get install -y chromium, or set " + Chromium.EXECUTABLE_ENV
                    + " to a Chromium or Chrome binary)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message.replace("SKIPPING", "FAILING on CI"), e);
            }
            System.err.println("*** " + message);
            Assumptions.abort(message);
            return;
        }
        store.put(Launched.class, new Launched(chromium));
    }

    /** The class's browser, closed by JUnit with the class's store. */
    private record Launched(Chromium chromium) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            chromium.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Chromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Launched launched = extensionContext.getStore(NAMESPACE).get(Launched.class, Launched.class);
        if (launched == null) {
            throw new ParameterResolutionException("no Chromium for " + extensionContext.getDisplayName()
                    + "; annotate the test class with @RequiresChromium");
        }
        return launched.chromium();
    }
}
