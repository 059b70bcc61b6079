package dev.squall.testsuite.web;

import dev.squall.web.Application;
import dev.squall.web.AsyncRequestHandler;
import dev.squall.web.StreamRequestBody;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;

/**
 * Answers {@code PUT /upload} with the body's size and SHA-256, streaming it, on a free port that it prints: the
 * server that {@link StreamedUploadBoundedMemoryTest} starts in a JVM with a small heap.
 */
public final class UploadServerMain {
    private UploadServerMain() {}

    /** Digests the body chunk by chunk. */
    @StreamRequestBody
    public static final class DigestHandler extends AsyncRequestHandler {
        private final MessageDigest sha;
        private long size;

        /** Creates the handler. */
        public DigestHandler() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletionStage<?> prepare() {
            setMaxBodyBytes(4L << 30);
            return done();
        }

        @Override
        public CompletionStage<?> dataReceived(ByteBuffer chunk) {
            size += chunk.remaining();
            sha.update(chunk);
            return done();
        }

        @Override
        public CompletionStage<?> put() {
            write(size + " " + HexFormat.of().formatHex(sha.digest()));
            return done();
        }
    }

    /**
     * Runs until killed.
     *
     * @param args none
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        Application app = Application.builder()
                .route("/upload", DigestHandler::new)
                .logFunction(h -> {})
                .build();
        SmallHeapServer.serve(app);
    }
}
