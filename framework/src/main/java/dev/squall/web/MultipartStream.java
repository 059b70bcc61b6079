package dev.squall.web;

import dev.squall.async.Async;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code multipart/form-data} body (RFC 7578) as it streams in, for {@link StreamRequestBody} handlers:
 * text fields are kept in memory (bounded), file parts are written to temporary files — deleted when the request
 * finishes unless {@linkplain StoredFile#moveTo moved} — or to a sink the handler supplies. Memory stays at one
 * network chunk whatever the files' sizes.
 *
 * <pre>{@code
 * @StreamRequestBody
 * final class UploadForm extends CoroutineRequestHandler {
 *     @Override public void post() throws IOException {
 *         MultipartForm form = await(MultipartStream.start(this).receive());
 *         for (StoredFile f : form.files("file")) {
 *             f.moveTo(uploads.resolve(safeName(f.filename())));
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>A handler that receives its body in {@code dataReceived} creates the stream in {@code prepare()} and feeds
 * it: {@code return form.feed(chunk);} — then reads {@link #form()} in its method.
 *
 * <p>Limits ({@link MultipartLimits}; each answered with 413 naming it): the part count, a field's size, all
 * fields' size, a part's header size, and the whole body (the request's body limit while it streams). Malformed
 * framing is a 400 naming the problem, as for buffered forms.
 *
 * <p>File bytes are written off the loop ({@link Async#blocking}), one task per network chunk, and the next chunk
 * is read only once it is written: the disk's speed is the upload's flow control. Loop thread only.
 *
 * <p>Written by hand, as {@link Multipart} (which parses a buffered body; the two share the part-header parser):
 * neither the JDK nor Okio parses form data, and a streaming parser must stop at any byte.
 */
public final class MultipartStream {
    /** Where a file part's bytes go instead of a temporary file: a channel per part, opened off the loop. */
    @FunctionalInterface
    public interface FileSink {
        /**
         * Opens the channel for one file part. Called off the loop (a blocking call is fine); the channel is
         * written and closed off the loop too.
         *
         * @param field the form field's name
         * @param filename the file name the client sent (never trust it as a path)
         * @param contentType the part's content type
         * @return where the part's bytes go
         * @throws IOException if it cannot be opened (the request is answered with 500)
         */
        WritableByteChannel open(String field, String filename, String contentType) throws IOException;
    }

    private enum State {
        /** Before the first boundary: bytes are discarded. */
        PREAMBLE,
        /** After a boundary: "--" ends the body, optional padding and CRLF start a part. */
        AFTER_BOUNDARY,
        AFTER_BOUNDARY_DASH,
        AFTER_BOUNDARY_CR,
        HEADERS,
        BODY,
        END
    }

    private final BaseRequestHandler handler;
    private final StreamedBody body;
    private final MultipartLimits limits;
    private final @Nullable Path directory;
    private final @Nullable FileSink sink;
    private final byte[] delimiter;

    private State state = State.PREAMBLE;
    /** Bytes of {@link #delimiter} matched so far; those of earlier chunks are {@link #carried}. */
    private int matched = 2; // the body starts with "--boundary": as if a CRLF came before it

    private int carried = 2;
    private final ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
    /** The last four header bytes, to find the blank line without looking back. */
    private int lastFour;

    private int parts;
    private long fieldsBytes;
    private @Nullable ByteArrayOutputStream field;
    private @Nullable FilePart file;
    private Multipart.@Nullable PartHead head;
    /** File work of the chunk being parsed, done off the loop before the next chunk. */
    private final List<FileOp> ops = new ArrayList<>();

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final Map<String, List<FilePart>> files = new LinkedHashMap<>();
    private final List<FilePart> allFiles = new ArrayList<>();
    private @Nullable MultipartForm form;

    private MultipartStream(
            BaseRequestHandler handler, MultipartLimits limits, @Nullable Path directory, @Nullable FileSink sink) {
        StreamedBody b = handler.streamedBody();
        if (b == null) {
            throw new IllegalStateException(handler.getClass().getName() + " is not annotated @StreamRequestBody; "
                    + "a buffered form is parsed already: use getArgument() and getFiles()");
        }
        String contentType = handler.request().headers().get("Content-Type");
        HeaderValue type = HeaderValue.parse(contentType != null ? contentType : "");
        if (!type.value().equalsIgnoreCase("multipart/form-data")) {
            throw new HttpError(
                    415,
                    null,
                    "expected a multipart/form-data body, got Content-Type: "
                            + (contentType != null ? contentType : "(none)"));
        }
        String boundary = type.param("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw Multipart.bad("the Content-Type has no valid boundary parameter (1 to 70 characters)");
        }
        this.handler = handler;
        this.body = b;
        this.limits = limits;
        this.directory = directory;
        this.sink = sink;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        if (!b.isAccepted()) {
            handler.setMaxBodyBytes(limits.maxTotalBytes());
        }
        b.addCleanup(this::deleteFiles);
    }

    /**
     * Starts parsing the handler's body with the default limits, files to temporary files in
     * {@code java.io.tmpdir}. Call it in {@code prepare()} (then the body limit becomes
     * {@link MultipartLimits#maxTotalBytes()}) or in the method.
     *
     * @param handler a {@link StreamRequestBody} handler
     * @return the stream
     * @throws HttpError 415 if the body is not {@code multipart/form-data}, 400 if it has no boundary
     * @throws IllegalStateException if the handler is not {@link StreamRequestBody}
     */
    public static MultipartStream start(BaseRequestHandler handler) {
        return new MultipartStream(handler, MultipartLimits.defaults(), null, null);
    }

    /**
     * Starts parsing the handler's body, files to temporary files in {@code directory}.
     *
     * @param handler a {@link StreamRequestBody} handler
     * @param limits the limits
     * @param directory where the temporary files go (the same file system as their final place makes
     *     {@link StoredFile#moveTo} a rename)
     * @return the stream
     * @throws HttpError 415 or 400 as {@link #start(BaseRequestHandler)}
     */
    public static MultipartStream start(BaseRequestHandler handler, MultipartLimits limits, Path directory) {
        return new MultipartStream(handler, limits, directory, null);
    }

    /**
     * Starts parsing the handler's body, file parts to {@code sink}.
     *
     * @param handler a {@link StreamRequestBody} handler
     * @param limits the limits
     * @param sink opens a channel per file part
     * @return the stream
     * @throws HttpError 415 or 400 as {@link #start(BaseRequestHandler)}
     */
    public static MultipartStream start(BaseRequestHandler handler, MultipartLimits limits, FileSink sink) {
        return new MultipartStream(handler, limits, null, sink);
    }

    /**
     * Reads the whole body from the handler's {@link BaseRequestHandler#requestBody()} and parses it: for
     * handlers that do not override {@code dataReceived}.
     *
     * @return a future (completed on the loop) of the form; it fails with an {@link HttpError} (400, 413) naming
     *     the problem, or with the body's failure
     */
    public CompletableFuture<MultipartForm> receive() {
        CompletableFuture<MultipartForm> result = new CompletableFuture<>();
        pump(handler.requestBody(), result);
        return result;
    }

    private void pump(RequestBodySource source, CompletableFuture<MultipartForm> result) {
        pump(source, null, result);
    }

    /** Reads and feeds until a read or a write is pending; {@code arrived} is a read that completed meanwhile. */
    private void pump(
            RequestBodySource source,
            @Nullable CompletableFuture<@Nullable ByteBuffer> arrived,
            CompletableFuture<MultipartForm> result) {
        CompletableFuture<@Nullable ByteBuffer> next = arrived;
        while (true) {
            CompletionStage<?> written;
            try {
                if (next == null) {
                    next = source.read();
                }
                if (!next.isDone()) {
                    CompletableFuture<@Nullable ByteBuffer> pending = next;
                    pending.whenComplete((chunk, e) -> handler.onLoop(() -> pump(source, pending, result)));
                    return;
                }
                ByteBuffer chunk = next.join();
                next = null;
                if (chunk == null) {
                    result.complete(form());
                    return;
                }
                written = feed(chunk);
            } catch (Throwable t) {
                result.completeExceptionally(
                        t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t);
                return;
            }
            if (written != BaseRequestHandler.DONE) { // file bytes to write first
                written.whenComplete((v, e) -> handler.onLoop(() -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        pump(source, null, result);
                    }
                }));
                return;
            }
        }
    }

    /**
     * Parses the next chunk of the body — for handlers that receive it in {@code dataReceived}:
     * {@code return form.feed(chunk);}.
     *
     * @param chunk the next body bytes; they must stay valid until the returned stage completes (the chunk
     *     {@code dataReceived} gets does)
     * @return a stage that completes when the chunk's file bytes are written
     * @throws HttpError 400 for malformed framing, 413 past a limit (the message names it)
     */
    public CompletionStage<?> feed(ByteBuffer chunk) {
        if (form != null) {
            throw new IllegalStateException("the form is complete; feed() after form()");
        }
        ByteBuffer in = chunk.duplicate();
        while (in.hasRemaining()) {
            switch (state) {
                case PREAMBLE, BODY -> scanBody(in);
                case AFTER_BOUNDARY -> {
                    byte b = in.get();
                    if (b == '-') {
                        state = State.AFTER_BOUNDARY_DASH;
                    } else if (b == '\r') {
                        state = State.AFTER_BOUNDARY_CR;
                    } else if (b != ' ' && b != '\t') {
                        throw Multipart.bad("a boundary line is not followed by CRLF");
                    }
                }
                case AFTER_BOUNDARY_DASH -> {
                    if (in.get() != '-') {
                        throw Multipart.bad("a boundary line is not followed by CRLF");
                    }
                    state = State.END;
                }
                case AFTER_BOUNDARY_CR -> {
                    if (in.get() != '\n') {
                        throw Multipart.bad("a boundary line is not followed by CRLF");
                    }
                    if (++parts > limits.maxParts()) {
                        throw tooLarge("more than " + limits.maxParts() + " parts (maxParts)");
                    }
                    headerBytes.reset();
                    lastFour = 0;
                    state = State.HEADERS;
                }
                case HEADERS -> readHeaders(in);
                case END -> in.position(in.limit()); // an epilogue is ignored
            }
        }
        return runOps();
    }

    /**
     * Returns the parsed form, once the whole body was fed.
     *
     * @return the form
     * @throws HttpError 400 if the body ended before its closing boundary
     */
    public MultipartForm form() {
        MultipartForm f = form;
        if (f != null) {
            return f;
        }
        if (state != State.END) {
            throw Multipart.bad("no closing boundary found");
        }
        Map<String, List<StoredFile>> stored = new LinkedHashMap<>();
        files.forEach((name, list) -> {
            List<StoredFile> l = new ArrayList<>(list.size());
            for (FilePart p : list) {
                l.add(new StoredFile(p.field, p.filename, p.contentType, p.size, p.path));
            }
            stored.put(name, l);
        });
        f = new MultipartForm(fields, stored);
        form = f;
        return f;
    }

    private void readHeaders(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            headerBytes.write(b);
            lastFour = lastFour << 8 | (b & 0xFF);
            int n = headerBytes.size();
            if (n > limits.maxPartHeaderBytes()) {
                throw tooLarge("a part's headers are larger than " + limits.maxPartHeaderBytes()
                        + " bytes (maxPartHeaderBytes)");
            }
            boolean none = n == 2 && (lastFour & 0xFFFF) == 0x0D0A;
            boolean end = n >= 4 && lastFour == 0x0D0A0D0A;
            if (none || end) {
                byte[] h = headerBytes.toByteArray();
                startPart(Multipart.PartHead.parse(new String(h, 0, none ? 0 : n - 4, StandardCharsets.UTF_8)));
                state = State.BODY;
                matched = 0;
                carried = 0;
                return;
            }
        }
    }

    private void startPart(Multipart.PartHead h) {
        head = h;
        String filename = h.filename();
        if (filename == null) {
            field = new ByteArrayOutputStream();
            return;
        }
        String type = h.contentType() != null ? h.contentType() : "application/octet-stream";
        FilePart f = new FilePart(h.name(), filename, type);
        file = f;
        allFiles.add(f);
        ops.add(() -> f.open(directory, sink));
    }

    /** Scans body (or preamble) bytes for the delimiter, handing data on. */
    private void scanBody(ByteBuffer in) {
        int dataStart = in.position();
        int limit = in.limit();
        int i = dataStart;
        byte[] d = delimiter;
        while (i < limit) {
            byte b = in.get(i);
            if (b == d[matched]) {
                matched++;
                i++;
                if (matched == d.length) {
                    int delimiterStart = i - (matched - carried);
                    data(in, dataStart, delimiterStart - dataStart);
                    in.position(i);
                    endPart();
                    matched = 0;
                    carried = 0;
                    state = State.AFTER_BOUNDARY;
                    return;
                }
            } else if (matched > 0) {
                // What looked like the delimiter was data; the byte may start the delimiter, so it is looked at again.
                if (carried > 0) {
                    data(ByteBuffer.wrap(d, 0, carried), 0, carried);
                    carried = 0;
                }
                matched = 0;
            } else {
                i++;
            }
        }
        int heldHere = matched - carried;
        data(in, dataStart, limit - heldHere - dataStart);
        in.position(limit);
        carried = matched;
    }

    private void data(ByteBuffer src, int from, int length) {
        if (length <= 0 || state == State.PREAMBLE) {
            return;
        }
        ByteArrayOutputStream f = field;
        if (f != null) {
            if (f.size() + (long) length > limits.maxFieldBytes()) {
                throw tooLarge(
                        "field \"" + name() + "\" is larger than " + limits.maxFieldBytes() + " bytes (maxFieldBytes)");
            }
            fieldsBytes += length;
            if (fieldsBytes > limits.maxFieldsBytes()) {
                throw tooLarge("the form's fields are larger than " + limits.maxFieldsBytes()
                        + " bytes together (maxFieldsBytes)");
            }
            for (int k = 0; k < length; k++) {
                f.write(src.get(from + k));
            }
            return;
        }
        FilePart p = file;
        if (p != null) {
            ByteBuffer slice = src.slice(from, length);
            p.size += length;
            ops.add(() -> p.write(slice));
        }
    }

    private String name() {
        Multipart.PartHead h = head;
        return h != null ? h.name() : "";
    }

    private void endPart() {
        if (state == State.PREAMBLE) {
            return;
        }
        Multipart.PartHead h = head;
        assert h != null : "a part ends after it began";
        ByteArrayOutputStream f = field;
        if (f != null) {
            fields.computeIfAbsent(h.name(), k -> new ArrayList<>(1)).add(f.toString(StandardCharsets.UTF_8));
            field = null;
        }
        FilePart p = file;
        if (p != null) {
            ops.add(p::close);
            files.computeIfAbsent(h.name(), k -> new ArrayList<>(1)).add(p);
            file = null;
        }
        head = null;
    }

    private CompletionStage<?> runOps() {
        if (ops.isEmpty()) {
            return BaseRequestHandler.DONE;
        }
        FileOp[] work = ops.toArray(new FileOp[0]);
        ops.clear();
        return Async.blocking(() -> {
            for (FileOp op : work) {
                op.run();
            }
            return null;
        });
    }

    /**
     * Closes and deletes what is left (files not moved), when the request finishes or its body fails. On the loop:
     * unlinking a file is a metadata call as short as the {@code stat} of a static file, and doing it before the
     * answer is written means a client that got the answer never finds the files still there.
     */
    private void deleteFiles() {
        for (FilePart p : allFiles) {
            p.discard();
        }
        allFiles.clear();
    }

    private static HttpError tooLarge(String what) {
        String message = "multipart/form-data: " + what;
        return new HttpError(413, message, message);
    }

    /** One piece of file work, run off the loop. */
    @FunctionalInterface
    private interface FileOp {
        void run() throws IOException;
    }

    /** A file part's destination; its fields are touched off the loop only inside the chunk's task. */
    private static final class FilePart {
        final String field;
        final String filename;
        final String contentType;
        long size;
        volatile @Nullable Path path;
        private volatile @Nullable WritableByteChannel channel;

        FilePart(String field, String filename, String contentType) {
            this.field = field;
            this.filename = filename;
            this.contentType = contentType;
        }

        void open(@Nullable Path directory, @Nullable FileSink sink) throws IOException {
            if (sink != null) {
                channel = sink.open(field, filename, contentType);
                return;
            }
            Path p = directory != null
                    ? Files.createTempFile(directory, "squall-upload-", ".part")
                    : Files.createTempFile("squall-upload-", ".part");
            path = p;
            channel = FileChannel.open(p, StandardOpenOption.WRITE);
        }

        void write(ByteBuffer bytes) throws IOException {
            WritableByteChannel c = channel;
            if (c == null) {
                throw new IOException("the file of part \"" + field + "\" is not open");
            }
            while (bytes.hasRemaining()) {
                c.write(bytes);
            }
        }

        void close() throws IOException {
            WritableByteChannel c = channel;
            channel = null;
            if (c != null) {
                c.close();
            }
        }

        void discard() {
            try {
                close();
            } catch (IOException e) {
                // closing a half-written part: nothing more to do
            }
            Path p = path;
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.getLogger("dev.squall.general")
                            .log(System.Logger.Level.WARNING, "could not delete the upload's temporary file " + p, e);
                }
            }
        }
    }
}
