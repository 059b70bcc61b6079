package dev.squall.samples.upload;

import dev.squall.http.HttpServer;
import dev.squall.loop.LoopGroup;
import dev.squall.options.Option;
import dev.squall.options.OptionException;
import dev.squall.options.Options;
import dev.squall.samples.GracefulShutdown;
import dev.squall.samples.Launch;
import dev.squall.samples.Sample;
import java.nio.file.Path;

/**
 * {@code java -jar squall-samples.jar upload [--port=8888] [--address=127.0.0.1] [--dir=uploads]
 * [--max-upload-bytes=N]}: serves {@link UploadApp} over {@code --dir}. {@code PUT /files/NAME} streams the body
 * into {@code DIR/NAME} and answers its size and SHA-256 ({@code 409} if NAME exists, unless
 * {@code ?overwrite=1}); {@code POST /} takes a multipart form of several files; {@code GET /files/NAME} serves
 * them (ranges, ETag, 304); {@code GET /} is the form. Names: {@value FileNames#RULE}.
 */
public final class UploadSample implements Sample {
    private Option<String> dir = new Options().define("dir", "uploads");
    private Option<Long> maxUploadBytes = new Options().define("max-upload-bytes", UploadApp.DEFAULT_MAX_UPLOAD_BYTES);

    /** Creates the sample. */
    public UploadSample() {}

    /**
     * Defines {@code --dir} and {@code --max-upload-bytes}.
     *
     * @param options where to define them
     */
    @Override
    public void defineOptions(Options options) {
        dir = options.define("dir", "uploads")
                .help("the directory uploads are stored in and served from (created" + " if missing)");
        maxUploadBytes = options.define("max-upload-bytes", UploadApp.DEFAULT_MAX_UPLOAD_BYTES)
                .help("the largest upload, in bytes (413 beyond)");
    }

    /**
     * Starts the server, prints its URL and returns; a shutdown hook closes it.
     *
     * @param launch port, address and loop count
     * @throws OptionException if {@code --max-upload-bytes} is not positive
     */
    @Override
    public void run(Launch launch) {
        HttpServer server = start(launch);
        GracefulShutdown.install(server, launch.shutdownGrace(), server.loops()::close, "upload-shutdown");
        System.out.println("Listening on http://" + launch.address() + ":" + server.port() + "/ (files in "
                + Path.of(dir.value()).toAbsolutePath() + ")");
    }

    /**
     * Starts the server with this sample's parsed options.
     *
     * @param launch port (0 for a free one), address and loop count
     * @return the listening server; the caller closes it and then {@code server.loops()}
     * @throws OptionException if {@code --max-upload-bytes} is not positive
     */
    public HttpServer start(Launch launch) {
        long max = maxUploadBytes.value();
        if (max <= 0) {
            throw new OptionException("option --max-upload-bytes must be positive, got " + max);
        }
        LoopGroup loops = LoopGroup.create(launch.loops());
        try {
            return UploadApp.app(Path.of(dir.value()), max)
                    .listen(launch.port(), launch.address(), b -> b.loops(loops));
        } catch (RuntimeException e) {
            loops.close();
            throw e;
        }
    }
}
