package dev.squall.async;

import dev.squall.loop.IOLoop;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The loop a toolkit primitive ({@link Lock}, {@link Queue}, ...) is confined to: bound to the loop of its
 * first use, after which every use must come from that loop's thread or a coroutine holding it.
 */
final class LoopBinding {
    private final String owner;
    private final AtomicReference<@Nullable IOLoop> loop = new AtomicReference<>();

    LoopBinding(String owner) {
        this.owner = owner;
    }

    /**
     * Returns the loop after checking that the caller runs on it.
     *
     * @param operation the method being called, for the error message, e.g. "acquire()"
     * @throws IllegalStateException if the caller is off any loop, or on another loop than the bound one
     */
    IOLoop check(String operation) {
        IOLoop current = IOLoop.currentOrNull();
        if (current == null || !current.inEventLoop()) {
            throw new IllegalStateException(owner + "." + operation + " was called on thread '"
                    + Thread.currentThread().getName() + "', which is neither an event loop nor a coroutine; a "
                    + owner + " is confined to one loop: use it on the loop (hop there with loop.execute(...)) or in"
                    + " a coroutine of that loop");
        }
        IOLoop bound = loop.get();
        if (bound == current) {
            return current;
        }
        if (bound == null && loop.compareAndSet(null, current)) {
            return current;
        }
        bound = loop.get();
        if (bound == current) {
            return current;
        }
        throw new IllegalStateException(owner + "." + operation + " was called on loop '" + current.name()
                + "', but this " + owner + " belongs to loop '" + (bound == null ? "?" : bound.name()) + "'; a " + owner
                + " is confined to the loop of its first use: create one per loop, or hop onto its loop with"
                + " loop.execute(...)");
    }
}
