package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ArgumentsTest extends WebTestSupport {

    /** Writes whatever {@code reader} returns for the request. */
    static final class Reads extends RequestHandler {
        private final Function<Reads, Object> reader;

        Reads(Function<Reads, Object> reader) {
            this.reader = reader;
        }

        @Override
        public void get() {
            write(String.valueOf(reader.apply(this)));
        }

        @Override
        public void post() {
            get();
        }
    }

    private WebClient reading(Function<Reads, Object> reader) {
        return serve(() -> new Reads(reader));
    }

    @Test
    void queryArgumentIsDecodedWithPlusAsSpace() {
        assertEquals(
                "a b&c", reading(h -> h.getArgument("q")).get("/?q=a+b%26c").text());
    }

    @Test
    void lastValueWinsAndAllValuesAreAvailable() {
        WebClient c = reading(h -> h.getArgument("x") + " " + h.getArguments("x"));
        assertEquals("3 [1, 2, 3]", c.get("/?x=1&x=2&x=3").text());
    }

    @Test
    void missingRequiredArgumentIsA400NamingIt() {
        TestResponse r = reading(h -> h.getArgument("user_id")).get("/?other=1");
        assertBadRequest(r, "Missing argument user_id");
        assertTrue(r.text().contains("Missing argument user_id"), r.text());
    }

    @Test
    void defaultIsReturnedWhenAbsentButNotWhenEmpty() {
        WebClient c = reading(h -> "[" + h.getArgument("x", "dflt") + "]");
        assertEquals("[dflt]", c.get("/").text());
        assertEquals("[]", c.get("/?x=").text());
        assertEquals("[]", c.get("/?x").text());
    }

    @Test
    void orNullReturnsNullWhenAbsent() {
        assertEquals("null", reading(h -> h.getArgumentOrNull("x")).get("/").text());
    }

    @Test
    void valuesAreStrippedUnlessAskedNotTo() {
        WebClient c = reading(h ->
                "[" + h.getArgument("x") + "][" + h.getArguments("x", false).get(0) + "]");
        assertEquals("[a b][  a b\t]", c.get("/?x=++a+b%09").text());
    }

    @Test
    void controlCharactersAreReplacedBySpacesButNewlinesAndTabsAreKept() {
        WebClient c = reading(
                h -> h.getArguments("x", false).get(0).replace("\n", "\\n").replace("\t", "\\t"));
        assertEquals("a b c\\nd\\te", c.get("/?x=a%00b%1Fc%0Ad%09e").text());
    }

    @Test
    void utf8ValuesAreDecoded() {
        assertEquals(
                "caf\u00e9",
                reading(h -> h.getArgument("x")).get("/?x=caf%C3%A9").text());
    }

    @Test
    void invalidUtf8IsA400NamingTheArgument() {
        TestResponse r = reading(h -> h.getArgument("name")).get("/?name=%FF%FE");
        assertBadRequest(r, "Invalid UTF-8 in argument name");
    }

    @Test
    void anInvalidArgumentThatIsNeverReadDoesNotFailTheRequest() {
        assertEquals(
                "ok",
                reading(h -> h.getArgument("good")).get("/?bad=%FF&good=ok").text());
    }

    @Test
    void urlEncodedBodyArgumentsAreRead() {
        WebClient c = reading(h -> h.getBodyArgument("a") + "," + h.getArgument("b"));
        assertEquals("1 2,x", postForm(c, "/", "a=1+2&b=x").text());
    }

    @Test
    void queryAndBodyArgumentsAreSeparateAndMergedQueryFirst() {
        WebClient c =
                reading(h -> h.getQueryArguments("x") + h.getBodyArguments("x").toString() + h.getArguments("x"));
        assertEquals(
                "[q][b][q, b]",
                c.post("/?x=q", "application/x-www-form-urlencoded; charset=UTF-8", "x=b")
                        .text());
    }

    @Test
    void queryOnlyAndBodyOnlyVariantsDoNotSeeTheOtherSide() {
        WebClient c = reading(h -> h.getQueryArgument("b", "none") + "," + h.getBodyArgumentOrNull("q"));
        assertEquals("none,null", postForm(c, "/?q=1", "b=2").text());
    }

    @Test
    void missingBodyArgumentIsA400NamingIt() {
        TestResponse r = postForm(reading(h -> h.getBodyArgument("title")), "/?title=q", "x=1");
        assertBadRequest(r, "Missing argument title");
    }

    @Test
    void bodiesOfOtherTypesHaveNoArguments() {
        assertEquals(
                "[]",
                reading(h -> h.getBodyArguments("a"))
                        .post("/", "text/plain", "a=1")
                        .text());
    }

    private static TestResponse postForm(WebClient c, String uri, String urlEncodedBody) {
        return c.post(uri, "application/x-www-form-urlencoded", urlEncodedBody);
    }

    /** Asserts that {@code r} is a 400 whose reason phrase is {@code reason}. */
    private static void assertBadRequest(TestResponse r, String reason) {
        assertEquals(400, r.status());
        assertEquals(reason, r.reason());
    }

    private static byte[] multipart(String boundary, String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(("--" + boundary + "\r\n" + part + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private TestResponse postMultipart(WebClient c, String contentType, byte[] body) {
        return c.fetch("POST", "/", WebClient.headers("Content-Type", contentType), body);
    }

    @Test
    void multipartFieldsAndFilesAreRead() {
        WebClient c = reading(h -> {
            UploadedFile f = h.getFiles("upload").get(0);
            return h.getBodyArgument("title") + "|" + f.filename() + "|" + f.contentType() + "|"
                    + new String(f.body(), StandardCharsets.UTF_8);
        });
        byte[] body = multipart(
                "XyZ",
                "Content-Disposition: form-data; name=\"title\"\r\n\r\nMy caf\u00e9",
                "Content-Disposition: form-data; name=\"upload\"; filename=\"a;b.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2");
        assertEquals(
                "My caf\u00e9|a;b.txt|text/plain|line1\r\nline2",
                postMultipart(c, "multipart/form-data; boundary=XyZ", body).text());
    }

    @Test
    void multipartBoundaryMayBeQuotedAndFilesKeepBinaryBytes() {
        WebClient c = reading(h -> {
            byte[] b = h.getFiles("f").get(0).body();
            return b.length + ":" + (b[0] & 0xff) + ":" + h.getFiles("f").get(0).contentType();
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("--b\"q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n"
                .replace("b\"q", "b q")
                .getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(new byte[] {(byte) 0xff, 0, (byte) 0x80});
        body.writeBytes("\r\n--b q--".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(
                "3:255:application/unknown",
                postMultipart(c, "multipart/form-data; boundary=\"b q\"", body.toByteArray())
                        .text());
    }

    @Test
    void severalFilesUnderOneNameAreKeptInOrder() {
        WebClient c = reading(
                h -> h.getFiles("f").stream().map(UploadedFile::filename).toList());
        byte[] body = multipart(
                "B",
                "Content-Disposition: form-data; name=\"f\"; filename=\"1.txt\"\r\n\r\none",
                "Content-Disposition: form-data; name=\"f\"; filename=\"2.txt\"\r\n\r\ntwo");
        assertEquals(
                "[1.txt, 2.txt]",
                postMultipart(c, "multipart/form-data; boundary=B", body).text());
    }

    @Test
    void anEmptyFileInputIsAFieldNotAFile() {
        WebClient c = reading(h -> h.getFiles("f").size() + "[" + h.getBodyArgument("f", "absent") + "]");
        byte[] body = multipart(
                "B",
                "Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n");
        assertEquals(
                "0[]", postMultipart(c, "multipart/form-data; boundary=B", body).text());
    }

    @Test
    void utf8FilenamesInExtendedNotationAreDecoded() {
        WebClient c = reading(h -> h.getFiles("f").get(0).filename());
        byte[] body = multipart(
                "B",
                "Content-Disposition: form-data; name=\"f\"; filename=\"x\"; "
                        + "filename*=UTF-8''%E2%82%AC.txt\r\n\r\ndata");
        assertEquals(
                "\u20ac.txt",
                postMultipart(c, "multipart/form-data; boundary=B", body).text());
    }

    @Test
    void multipartWithoutAClosingBoundaryIsA400SayingSo() {
        WebClient c = reading(h -> h.getBodyArgument("a"));
        byte[] body = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".getBytes(StandardCharsets.UTF_8);
        TestResponse r = postMultipart(c, "multipart/form-data; boundary=B", body);
        assertBadRequest(r, "Invalid multipart/form-data: no closing boundary found");
    }

    @Test
    void multipartWithoutABoundaryParameterIsA400SayingSo() {
        TestResponse r = postMultipart(reading(h -> h.getBodyArgument("a")), "multipart/form-data", "x".getBytes());
        assertBadRequest(r, "Invalid multipart/form-data: the Content-Type has no boundary parameter");
    }

    @Test
    void multipartPartWithoutANameIsA400() {
        byte[] body = multipart("B", "Content-Disposition: form-data\r\n\r\nv");
        TestResponse r = postMultipart(reading(h -> h.getBodyArgument("a")), "multipart/form-data; boundary=B", body);
        assertEquals(400, r.status());
        assertTrue(r.reason().contains("no name parameter"), r.reason());
    }

    @Test
    void argumentsAreNotParsedUnlessRead() {
        // A malformed body costs nothing, and fails nothing, for a handler that does not read arguments.
        TestResponse r = postMultipart(reading(h -> "fine"), "multipart/form-data; boundary=B", "garbage".getBytes());
        assertEquals("fine", r.text());
    }

    static final class PathAndQuery extends RequestHandler {
        @Override
        public void get() {
            write(pathArg(0) + "," + getArgument("q"));
        }
    }

    @Test
    void pathArgumentsAndQueryArgumentsAreIndependent() {
        WebClient c = client(Application.builder()
                .route("/i/([a-z]+)", PathAndQuery::new)
                .logFunction(h -> {})
                .build());
        assertEquals(
                "abc,1",
                c.fetch("GET", "/i/abc?q=1", new HttpHeaders(), new byte[0]).text());
        assertEquals(List.of(), List.of());
    }
}
