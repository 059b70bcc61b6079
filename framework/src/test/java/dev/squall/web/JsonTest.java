package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.FromJson;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.ToJson;
import com.squareup.moshi.Types;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class JsonTest extends WebTestSupport {

    /** Public: Moshi reads and writes only public records. */
    public record Story(String title, int votes) {}

    record Hidden(String secret) {}

    static final class WritesMap extends RequestHandler {
        @Override
        public void get() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", "Hello, World!");
            m.put("n", 3);
            write(m);
        }
    }

    @Test
    void writingAMapWritesJsonWithTheJsonContentType() {
        TestResponse r = serve(WritesMap::new).get("/");
        assertEquals("{\"message\":\"Hello, World!\",\"n\":3}", r.text());
        assertEquals("application/json; charset=UTF-8", r.header("Content-Type"));
    }

    static final class WritesRecord extends RequestHandler {
        @Override
        public void get() {
            write(new Story("Squall", 7));
        }
    }

    @Test
    void writingARecordWritesItsComponents() {
        assertEquals(
                "{\"title\":\"Squall\",\"votes\":7}",
                serve(WritesRecord::new).get("/").text());
    }

    static final class WritesList extends RequestHandler {
        @Override
        public void get() {
            write(List.of(1, 2));
        }
    }

    @Test
    void writingAListWritesAJsonArray() {
        assertEquals("[1,2]", serve(WritesList::new).get("/").text());
    }

    static final class WritesStringBuilder extends RequestHandler {
        @Override
        public void get() {
            write((Object) new StringBuilder("<p>text</p>"));
        }
    }

    @Test
    void aCharSequenceIsWrittenAsTextNotJson() {
        TestResponse r = serve(WritesStringBuilder::new).get("/");
        assertEquals("<p>text</p>", r.text());
        assertEquals("text/html; charset=UTF-8", r.header("Content-Type"));
    }

    static final class ReadsStory extends RequestHandler {
        @Override
        public void post() {
            Story s = getJsonBody(Story.class);
            write(s.title() + " has " + s.votes());
        }
    }

    private TestResponse postJson(String body) {
        return serve(ReadsStory::new).post("/", "application/json", body);
    }

    @Test
    void aValidJsonBodyIsReadIntoARecord() {
        assertEquals(
                "Squall has 3", postJson("{\"title\":\"Squall\",\"votes\":3}").text());
    }

    @Test
    void malformedJsonIsA400NamingTheParseError() {
        TestResponse r = postJson("{\"title\":\"Squall\",");
        assertEquals(400, r.status());
        assertTrue(r.reason().startsWith("Invalid JSON body: "), r.reason());
        assertTrue(r.reason().contains("$.title") || r.reason().contains("End of input"), r.reason());
    }

    @Test
    void jsonOfTheWrongShapeIsA400NamingThePath() {
        TestResponse r = postJson("{\"title\":\"Squall\",\"votes\":\"many\"}");
        assertEquals(400, r.status());
        assertEquals("Invalid JSON body: Expected an int but was many at path $.votes", r.reason());
    }

    @Test
    void syntaxErrorsAreA400WithMoshisMessage() {
        TestResponse r = postJson("{title: nope}");
        assertEquals(400, r.status());
        assertTrue(r.reason().contains("malformed JSON"), r.reason());
    }

    @Test
    void anEmptyBodyIsA400() {
        assertEquals("Invalid JSON body: the request has no body", postJson("").reason());
    }

    @Test
    void jsonNullIsA400() {
        assertEquals(
                "Invalid JSON body: the body is JSON null", postJson("null").reason());
    }

    @Test
    void trailingDataAfterTheValueIsA400() {
        TestResponse r = postJson("{\"title\":\"a\",\"votes\":1} {}");
        assertEquals(400, r.status());
        assertTrue(r.reason().startsWith("Invalid JSON body: "), r.reason());
    }

    static final class ReadsList extends RequestHandler {
        static final Type STORIES = Types.newParameterizedType(List.class, Story.class);

        @Override
        public void post() {
            List<Story> stories = getJsonBody(STORIES);
            write(stories.size() + " " + stories.get(1).title());
        }
    }

    @Test
    void genericTypesAreReadThroughATypeToken() {
        TestResponse r = serve(ReadsList::new)
                .post("/", "application/json", "[{\"title\":\"a\",\"votes\":1},{\"title\":\"b\",\"votes\":2}]");
        assertEquals("2 b", r.text());
    }

    public record Celsius(double degrees) {}

    static final class CelsiusAdapter {
        @ToJson
        String toJson(Celsius c) {
            return c.degrees() + "C";
        }

        @FromJson
        Celsius fromJson(String s) {
            return new Celsius(Double.parseDouble(s.substring(0, s.length() - 1)));
        }
    }

    static final class Temperature extends RequestHandler {
        @Override
        public void post() {
            Celsius c = getJsonBody(Celsius.class);
            write(Map.of("t", new Celsius(c.degrees() + 1)));
        }
    }

    @Test
    void theApplicationsMoshiIsUsedBothWays() {
        Moshi moshi = new Moshi.Builder().add(new CelsiusAdapter()).build();
        WebClient c = client(Application.builder()
                .route("/", Temperature::new)
                .moshi(moshi)
                .logFunction(h -> {})
                .build());
        assertEquals(
                "{\"t\":\"21.5C\"}",
                c.post("/", "application/json", "\"20.5C\"").text());
    }

    static final class WritesHidden extends RequestHandler {
        @Override
        public void get() {
            write(new Hidden("x"));
        }
    }

    @Test
    void aRecordMoshiMayNotAccessFailsWithWhatToDo() {
        try (LogCapture log = new LogCapture("dev.squall.application")) {
            assertEquals(500, serve(WritesHidden::new).get("/").status());
            String message = log.records().get(0).getThrown().getMessage();
            assertTrue(message.contains("JsonTest$Hidden because it is not public"), message);
        }
    }
}
