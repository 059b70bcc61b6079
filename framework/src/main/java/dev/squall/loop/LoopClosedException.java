package dev.squall.loop;

import java.util.concurrent.RejectedExecutionException;

/**
 * A task or a completion could not be handed to an {@link IOLoop} because the loop is closed. Thrown by
 * {@link IOLoop#execute(Runnable)} (it is a {@link RejectedExecutionException}, as the {@code Executor}
 * contract asks), and the failure of a future that {@link IOLoop#complete} could no longer complete on its
 * loop. The message names the loop and what was lost.
 *
 * <p>Close a loop after the work that uses it is done to never see it.
 */
public class LoopClosedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    private final String loopName;

    /**
     * Creates the exception.
     *
     * @param loop the closed loop
     * @param message what could not be done, named for the reader of a log
     */
    public LoopClosedException(IOLoop loop, String message) {
        super(message);
        this.loopName = loop.name();
    }

    /** Returns the name of the loop that was closed. */
    public String loopName() {
        return loopName;
    }
}
