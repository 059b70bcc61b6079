package dev.squall.testsuite.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.SquallTimeout;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through TLS a file cannot go by sendfile: it streams through the staging buffer, and arrives whole. */
@SquallTest(https = true)
@SquallTimeout(30)
class StaticFileTlsTest {
    @TempDir
    Path root;

    byte[] big;

    @BeforeEach
    void file() throws IOException {
        big = new byte[3 * 1024 * 1024 + 5];
        new Random(11).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
    }

    Application app() {
        return Application.builder().staticPath(root).logFunction(h -> {}).build();
    }

    @Test
    void aFileLargerThanTheStagingBufferArrivesWholeOverTls(TestClient client) {
        HttpResponse r = client.fetch("/static/big.bin");
        assertEquals(200, r.code());
        assertArrayEquals(big, r.body().toByteArray());
    }

    @Test
    void aRangeArrivesOverTls(TestClient client) {
        HttpResponse r = client.fetch("/static/big.bin", b -> b.header("Range", "bytes=70000-200000"));
        assertEquals(206, r.code());
        byte[] expected = Arrays.copyOfRange(big, 70000, 200001);
        assertArrayEquals(expected, r.body().toByteArray());
    }
}
