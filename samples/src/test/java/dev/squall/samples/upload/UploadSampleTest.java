package dev.squall.samples.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.httpclient.HttpResponse;
import dev.squall.testing.SquallTest;
import dev.squall.testing.TestClient;
import dev.squall.web.Application;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload sample over real HTTP/1.1: each route, the name rule, and no silent overwrite. */
@SquallTest(cookies = true) // the form carries an XSRF token, sent back as a cookie
class UploadSampleTest {
    @TempDir
    static Path dir;

    static Application app() {
        return UploadApp.app(dir, 1 << 20);
    }

    /** POSTs a multipart body whose boundary is {@code B}. */
    private static HttpResponse postForm(TestClient client, String path, String body) {
        var request = client.request(path).method("POST").header("Content-Type", "multipart/form-data; boundary=B");
        return client.fetch(request.body(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static HttpResponse put(TestClient client, String path, byte[] body) {
        return client.fetch(client.request(path).method("PUT").body(body).build());
    }

    @Test
    void putStoresTheBodyAndAnswersItsSizeAndSha256(TestClient client) throws Exception {
        byte[] body = "hello, upload\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        HttpResponse r = put(client, "/files/greeting.txt", body);
        assertEquals(201, r.code(), r::bodyText);
        Map<?, ?> json = r.json(Map.class);
        assertNotNull(json);
        assertEquals("greeting.txt", json.get("name"));
        assertEquals((double) body.length, json.get("size"));
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        assertEquals(sha, json.get("sha256"));
        assertEquals(new String(body, StandardCharsets.UTF_8), Files.readString(dir.resolve("greeting.txt")));
    }

    @Test
    void anExistingFileIsNotOverwrittenUnlessAsked(TestClient client) throws IOException {
        assertEquals(
                201,
                put(client, "/files/once.txt", "first".getBytes(StandardCharsets.UTF_8))
                        .code());
        assertEquals(
                409,
                put(client, "/files/once.txt", "second".getBytes(StandardCharsets.UTF_8))
                        .code());
        assertEquals("first", Files.readString(dir.resolve("once.txt")));
        assertEquals(
                201,
                put(client, "/files/once.txt?overwrite=1", "third".getBytes(StandardCharsets.UTF_8))
                        .code());
        assertEquals("third", Files.readString(dir.resolve("once.txt")));
    }

    @Test
    void namesOutsideTheRuleAreRefused(TestClient client) {
        for (String name : new String[] {".hidden", "-rf", "a%2F..%2Fb", "semi%3Bcolon", "%2E%2E"}) {
            HttpResponse r = put(client, "/files/" + name, new byte[] {1});
            assertEquals(400, r.code(), name);
        }
        assertEquals(400, client.fetch("/files/..%2F..%2Fetc%2Fpasswd").code());
    }

    @Test
    void getServesAStoredFileWithRangesAndValidators(TestClient client) {
        assertEquals(
                201,
                put(client, "/files/digits.txt", "0123456789".getBytes(StandardCharsets.UTF_8))
                        .code());
        HttpResponse whole = client.fetch("/files/digits.txt");
        assertEquals(200, whole.code());
        assertEquals("0123456789", whole.bodyText());
        String etag = whole.header("Etag");
        assertNotNull(etag);
        HttpResponse range = client.fetch(
                client.request("/files/digits.txt").header("Range", "bytes=2-4").build());
        assertEquals(206, range.code());
        assertEquals("234", range.bodyText());
        HttpResponse notModified = client.fetch(client.request("/files/digits.txt")
                .header("If-None-Match", etag)
                .build());
        assertEquals(304, notModified.code());
        assertEquals(404, client.fetch("/files/missing.txt").code());
    }

    @Test
    void theFormPageCarriesTheXsrfToken(TestClient client) {
        HttpResponse r = client.fetch("/");
        assertEquals(200, r.code());
        assertTrue(r.bodyText().contains("enctype=\"multipart/form-data\""), r.bodyText());
        assertTrue(r.bodyText().contains("action=\"/?_xsrf="), r.bodyText());
        assertNotNull(client.cookie("_xsrf"));
    }

    @Test
    void aMultipartFormStoresEveryFileUnderItsSanitisedName(TestClient client) throws IOException {
        client.fetch("/"); // the XSRF cookie
        String token = client.cookie("_xsrf");
        assertNotNull(token);
        String body =
                "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\docs\\\\r\u00e9sum\u00e9 1.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nfirst file\r\n"
                        + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../.profile\"\r\n\r\nsecond\r\n"
                        + "--B--\r\n";
        HttpResponse r = postForm(client, "/?_xsrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8), body);
        assertEquals(200, r.code(), r::bodyText);
        assertEquals("first file", Files.readString(dir.resolve("r_sum__1.txt")));
        assertEquals("second", Files.readString(dir.resolve("profile")));
        assertTrue(r.bodyText().contains("/files/r_sum__1.txt"), r.bodyText());
        try (Stream<Path> incoming = Files.list(dir.resolve(".incoming"))) {
            assertFalse(incoming.findAny().isPresent(), "uploads in progress left behind");
        }
    }

    @Test
    void aFormWithoutTheXsrfTokenIsRefused(TestClient client) {
        assertEquals(403, postForm(client, "/", "--B--\r\n").code());
    }

    @Test
    void anUploadOverTheLimitIs413(TestClient client) {
        assertEquals(413, put(client, "/files/big.bin", new byte[(1 << 20) + 1]).code());
        assertFalse(Files.exists(dir.resolve("big.bin")));
    }
}
