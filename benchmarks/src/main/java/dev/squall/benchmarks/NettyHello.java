package dev.squall.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The second peer of the harnesses (load.sh, latency.sh, idle.sh): a Netty 4.2 HTTP server answering
 * {@code GET /plaintext} and {@code GET /json} byte for byte as Squall's {@code hello} sample and
 * {@link VertxHello} do — same bodies, same headers ({@code Content-Type}, {@code Content-Length},
 * {@code Server} of the same length, {@code Date}) — on ONE event loop, with Netty's native epoll transport when
 * it loads.
 *
 * <p>Tuned as TechEmpower's Netty entry is: {@link HttpRequestDecoder} and {@link HttpResponseEncoder} without
 * an aggregator, header validation off, prebuilt {@link AsciiString} header names and values, a shared
 * plaintext body buffer, responses written without a promise and flushed once per read batch
 * ({@code channelReadComplete}, so pipelined requests go out in one write), pooled buffers, a {@code Date}
 * value refreshed once a second on the loop. One {@link ChannelHandler.Sharable} handler serves every
 * connection (TechEmpower's makes one per connection, each with its own date timer), which is Netty's leanest
 * idle connection. JSON is serialised per request with Jackson's streaming generator, as TechEmpower's rules
 * require.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.squall.benchmarks.NettyHello --port=8080
 * }</pre>
 */
public final class NettyHello {
    static {
        // Read once when Netty's classes load, so set before any field below touches them.
        System.setProperty("io.netty.buffer.checkBounds", "false");
        System.setProperty("io.netty.buffer.checkAccessible", "false");
    }

    private NettyHello() {}

    /**
     * Starts the server and returns; the event loop keeps the process alive until it is killed.
     *
     * @param args {@code --port=N} (default 8080), {@code --address=A} (default 127.0.0.1); {@code --loops=1} is
     *     accepted for symmetry with Squall and changes nothing
     * @throws InterruptedException if interrupted while binding
     */
    public static void main(String[] args) throws InterruptedException {
        PeerArgs parsed = PeerArgs.parse(args, NettyHello.class);
        int port = parsed.port();
        String address = parsed.address();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        Handler handler = new Handler();
        group.next().scheduleAtFixedRate(handler::refreshDate, 1, 1, TimeUnit.SECONDS);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192)
                .setMaxChunkSize(8192)
                .setHeadersFactory(Handler.HEADERS);
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("encoder", new HttpResponseEncoder())
                                .addLast("decoder", new HttpRequestDecoder(decoder))
                                .addLast("handler", handler);
                    }
                })
                .bind(address, port)
                .sync()
                .channel();
        System.out.println("Netty listening on http://" + address + ":" + port + "/ (transport "
                + (epoll ? "epoll" : "nio") + ", 1 event loop)");
        server.closeFuture().sync();
    }

    /** Answers every connection's requests; runs on the one event loop. */
    @ChannelHandler.Sharable
    static final class Handler extends ChannelInboundHandlerAdapter {
        // As long as Squall's "Squall/0.1.0", so every server sends the same number of bytes per response.
        private static final AsciiString SERVER = AsciiString.cached("Netty/4.2.18");
        private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
        private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
        private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        private static final ByteBuf PLAINTEXT =
                Unpooled.unreleasableBuffer(Unpooled.directBuffer(HELLO.length).writeBytes(HELLO));
        private static final AsciiString PLAINTEXT_LENGTH = AsciiString.cached(String.valueOf(HELLO.length));
        private static final ByteBuf NOT_FOUND = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer().writeBytes("Not Found".getBytes(StandardCharsets.US_ASCII)));
        private static final DateTimeFormatter HTTP_DATE =
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
        private static final JsonFactory JSON = new JsonFactory();
        private static final HttpHeadersFactory HEADERS =
                DefaultHttpHeadersFactory.headersFactory().withValidation(false);
        private static final HttpHeadersFactory TRAILERS =
                DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

        /** Written by the once-a-second task and read by requests, both on the single event loop thread. */
        private AsciiString date = formatDate();

        void refreshDate() {
            date = formatDate();
        }

        private static AsciiString formatDate() {
            return new AsciiString(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    answer(ctx, request.uri());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ChannelHandlerContext ctx, String uri) {
            switch (uri) {
                case "/plaintext" ->
                    write(ctx, HttpResponseStatus.OK, PLAINTEXT.duplicate(), TEXT_PLAIN, PLAINTEXT_LENGTH);
                case "/json" -> {
                    ByteBuf body = ctx.alloc().ioBuffer(32);
                    try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(body))) {
                        g.writeStartObject();
                        g.writeStringField("message", "Hello, World!");
                        g.writeEndObject();
                    } catch (IOException e) {
                        body.release();
                        throw new UncheckedIOException(e);
                    }
                    write(ctx, HttpResponseStatus.OK, body, APPLICATION_JSON, String.valueOf(body.readableBytes()));
                }
                default ->
                    write(ctx, HttpResponseStatus.NOT_FOUND, NOT_FOUND.duplicate(), TEXT_PLAIN, String.valueOf(9));
            }
        }

        private void write(
                ChannelHandlerContext ctx,
                HttpResponseStatus status,
                ByteBuf body,
                CharSequence type,
                CharSequence length) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, date);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            ctx.write(response, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
