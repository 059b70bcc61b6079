package dev.squall.samples.chat;

import dev.squall.samples.hello.HelloPages;
import dev.squall.templates.jte.JteTemplates;
import dev.squall.web.Application;
import dev.squall.web.HttpError;
import dev.squall.web.RequestHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The chat application: three pages over one {@link MessageBuffer}.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>the page that receives over long polling</td></tr>
 *   <tr><td>{@code GET /ws}</td><td>the page that sends and receives over the WebSocket</td></tr>
 *   <tr><td>{@code GET /sse}</td><td>the page that receives over an EventSource</td></tr>
 *   <tr><td>{@code POST /a/message/new}</td><td>{@code body=...}: adds a message, answers it as JSON (or redirects
 *       to {@code next})</td></tr>
 *   <tr><td>{@code POST /a/message/updates}</td><td>{@code cursor=ID}: the messages after the cursor, waiting for
 *       one if there are none ({@link MessageUpdatesHandler})</td></tr>
 *   <tr><td>{@code GET /a/message/events}</td><td>the messages as Server-Sent Events
 *       ({@link MessageEventsHandler})</td></tr>
 *   <tr><td>{@code /chatsocket}</td><td>the WebSocket ({@link ChatSocket})</td></tr>
 * </table>
 *
 * <p>Every POST carries the XSRF token ({@code xsrfCookies(true)}), the WebSocket too (in its URL). Message text is
 * escaped by the template on the pages and put into the page with {@code textContent} by the script: a message is
 * never HTML.
 */
public final class ChatApp {
    /** How long a long poll waits before it answers with no messages (and the browser polls again). */
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(30);

    /** The longest message accepted, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 2000;

    private ChatApp() {}

    /**
     * Returns the application with a new buffer of {@link MessageBuffer#DEFAULT_CAPACITY} messages.
     *
     * @return the application
     */
    public static Application app() {
        return app(new MessageBuffer(), DEFAULT_POLL_TIMEOUT);
    }

    /**
     * Returns the application on {@code buffer}.
     *
     * @param buffer where messages are kept and from where they are delivered
     * @param pollTimeout how long a long poll waits for a message
     * @return the application
     */
    public static Application app(MessageBuffer buffer, Duration pollTimeout) {
        return Application.builder()
                .xsrfCookies(true)
                .templates(JteTemplates.precompiled(HelloPages.TEMPLATE_PACKAGE))
                .route("/", () -> new PageHandler(buffer, "longpoll"))
                .route("/ws", () -> new PageHandler(buffer, "ws"))
                .route("/sse", () -> new PageHandler(buffer, "sse"))
                .route("/a/message/new", () -> new MessageNewHandler(buffer))
                .route("/a/message/updates", () -> new MessageUpdatesHandler(buffer, pollTimeout))
                .route("/a/message/events", () -> new MessageEventsHandler(buffer))
                .route("/chatsocket", () -> new ChatSocket(buffer))
                .build();
    }

    /**
     * Checks a message's text.
     *
     * @param body what the user sent
     * @return the text without surrounding white space
     * @throws HttpError 400 if it is empty or longer than {@link #MAX_MESSAGE_LENGTH}
     */
    static String checkedBody(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            throw new HttpError(400, "Empty message", "the message is empty; type something to send");
        }
        if (text.length() > MAX_MESSAGE_LENGTH) {
            throw new HttpError(
                    400,
                    "Message too long",
                    "the message has " + text.length() + " characters; at most " + MAX_MESSAGE_LENGTH + " are sent");
        }
        return text;
    }

    /** {@code GET /}, {@code /ws}, {@code /sse}: the page with the messages kept so far and the form. */
    static final class PageHandler extends RequestHandler {
        private final MessageBuffer buffer;
        private final String variant;

        PageHandler(MessageBuffer buffer, String variant) {
            this.buffer = buffer;
            this.variant = variant;
        }

        @Override
        public void get() {
            List<Message> messages = buffer.since(null);
            String cursor = messages.isEmpty()
                    ? ""
                    : Long.toString(messages.get(messages.size() - 1).id());
            render("chat/index.jte", Map.of("variant", variant, "messages", messages, "cursor", cursor));
        }
    }

    /**
     * {@code POST /a/message/new} with {@code body}: adds the message and answers it as JSON, or redirects to
     * {@code next} (a local path) for a form posted without JavaScript, as Tornado's demo.
     */
    static final class MessageNewHandler extends RequestHandler {
        private final MessageBuffer buffer;

        MessageNewHandler(MessageBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void post() {
            Message m = buffer.add(checkedBody(getArgument("body")));
            if (getArgumentOrNull("next") != null) {
                redirect(nextUrl("/"));
            } else {
                write(m.toJson());
            }
        }
    }
}
