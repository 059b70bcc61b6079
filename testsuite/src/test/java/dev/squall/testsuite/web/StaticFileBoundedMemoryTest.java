package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100 MB file downloads from a server whose heap is 64 MB: file bytes never enter the heap. The server runs
 * in its own JVM ({@link StaticServerMain}) so that its heap limit is real.
 */
class StaticFileBoundedMemoryTest {
    static final long SIZE = 100L * 1024 * 1024;

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void aHundredMegabyteFileDownloadsFromA64MegabyteHeap() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            f.setLength(SIZE); // sparse: zeros, made instantly
            f.seek(SIZE - 1);
            f.write(7);
        }
        try (SmallHeapServer server = SmallHeapServer.start(StaticServerMain.class, root.toString())) {
            for (int i = 0; i < 2; i++) { // twice: nothing is kept from the first download
                assertEquals(SIZE, download(server.port()), "bytes received");
            }
            assertTrue(server.isAlive(), "the server died (out of memory?)");
        }
    }

    /** Reads the response to GET /static/big.bin, discarding the body; returns how many body bytes came. */
    private static long download(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream o = s.getOutputStream();
            o.write("GET /static/big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            // skip the head
            int state = 0;
            StringBuilder head = new StringBuilder();
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed in the head: " + head);
                }
                head.append((char) b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1
                        : 0;
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
            assertTrue(head.toString().contains("Content-Length: " + SIZE), head.toString());
            byte[] buf = new byte[256 * 1024];
            long total = 0;
            int n;
            int last = -1;
            while ((n = in.read(buf)) > 0) {
                total += n;
                last = buf[n - 1];
            }
            assertEquals(7, last, "the last byte");
            return total;
        }
    }
}
