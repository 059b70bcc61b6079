package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.internal.http.KnownHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {

    @Test
    void addStoresAnUncommonNameNormalised() {
        HttpHeaders h = new HttpHeaders().add("x-request-ID", "1");
        assertEquals("X-Request-Id", h.name(0));
        assertEquals("1", h.get("X-REQUEST-ID"));
    }

    @Test
    void addStoresACommonNameSentInAnotherCaseNormalised() {
        HttpHeaders h = new HttpHeaders().add("content-TYPE", "text/plain");
        assertEquals("Content-Type", h.name(0));
    }

    @Test
    void addAcceptsEveryKnownHeaderNameAsItIs() {
        for (int id = 0; id < KnownHeaders.COUNT; id++) {
            String name = KnownHeaders.name(id);
            assertEquals(name, new HttpHeaders().add(name, "v").name(0));
        }
    }

    @Test
    void addKeepsEveryValueInOrder() {
        HttpHeaders h = new HttpHeaders().add("Set-Cookie", "a=1").add("set-cookie", "b=2");
        assertEquals(List.of("a=1", "b=2"), h.getAll("SET-COOKIE"));
        assertEquals(2, h.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name", "Host:", "X-Caf\u00e9", "Content-Type\r\nX-Injected"})
    void addRefusesANameThatIsNotAToken(String name) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new HttpHeaders().add(name, "v"));
        assertTrue(e.getMessage().contains("not allowed in an HTTP token"), e.getMessage());
    }

    @Test
    void addRefusesAnEmptyName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpHeaders().add("", "v"));
        assertEquals("header name is empty", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b"})
    void addRefusesAValueWithCrLfOrNulAndSaysWhere(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new HttpHeaders().add("Location", value));
        assertTrue(e.getMessage().contains("Location contains CR, LF or NUL at index 1"), e.getMessage());
    }

    @Test
    void addAcceptsTabsAndOtherControlCharactersInAValue() {
        HttpHeaders h = new HttpHeaders().add("X-Odd", "a\tb\u000bc\u000cd");
        assertEquals("a\tb\u000bc\u000cd", h.get("X-Odd"));
    }

    @Test
    void aRefusedHeaderLeavesTheHeadersUnchanged() {
        HttpHeaders h = new HttpHeaders().add("Vary", "Accept");
        assertThrows(IllegalArgumentException.class, () -> h.add("Vary", "x\r\nSet-Cookie: evil=1"));
        assertThrows(IllegalArgumentException.class, () -> h.set("Vary", "x\ny"));
        assertEquals(1, h.size());
        assertEquals("Accept", h.get("Vary"));
    }

    @Test
    void setReplacesEveryValueWhateverTheCaseAtTheFirstPosition() {
        HttpHeaders h =
                new HttpHeaders().add("Set-Cookie", "a=1").add("Vary", "Accept").add("set-cookie", "b=2");
        h.set("SET-COOKIE", "c=3");
        assertEquals("Set-Cookie", h.name(0));
        assertEquals("c=3", h.value(0));
        assertEquals("Vary", h.name(1));
        assertEquals(2, h.size());
    }

    @Test
    void setAddsAnAbsentNameNormalised() {
        HttpHeaders h = new HttpHeaders().set("cache-control", "no-store").set("x-frame-options", "DENY");
        assertEquals("Cache-Control", h.name(0));
        assertEquals("X-Frame-Options", h.name(1));
    }

    @Test
    void setRefusesANameThatIsNotAToken() {
        assertThrows(IllegalArgumentException.class, () -> new HttpHeaders().set("Bad(Name)", "v"));
    }

    @Test
    void normalizeNameCapitalisesEachDashSeparatedWord() {
        assertEquals("X-Forwarded-For", HttpHeaders.normalizeName("x-FORWARDED-for"));
        assertEquals("Www-Authenticate", HttpHeaders.normalizeName("WWW-Authenticate"));
        String normal = "Content-Type";
        assertSame(normal, HttpHeaders.normalizeName(normal));
    }
}
