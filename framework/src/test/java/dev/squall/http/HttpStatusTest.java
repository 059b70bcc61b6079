package dev.squall.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpStatusTest {
    @Test
    void knowsStandardReasonPhrases() {
        assertEquals("OK", HttpStatus.reasonPhrase(200));
        assertEquals("Not Found", HttpStatus.reasonPhrase(404));
        assertEquals("Request Header Fields Too Large", HttpStatus.reasonPhrase(431));
        assertEquals("HTTP Version Not Supported", HttpStatus.reasonPhrase(505));
    }

    @Test
    void answersUnknownForUnregisteredCodes() {
        assertEquals("Unknown", HttpStatus.reasonPhrase(299));
        assertEquals("Unknown", HttpStatus.reasonPhrase(-1));
        assertEquals("Unknown", HttpStatus.reasonPhrase(1000));
        assertFalse(HttpStatus.isKnown(299));
    }

    @Test
    void knowsWhichStatusesHaveNoBody() {
        assertTrue(HttpStatus.hasNoBody(101));
        assertTrue(HttpStatus.hasNoBody(204));
        assertTrue(HttpStatus.hasNoBody(304));
        assertFalse(HttpStatus.hasNoBody(200));
        assertFalse(HttpStatus.hasNoBody(404));
        assertTrue(HttpStatus.hasNoBody("HEAD", 200));
        assertTrue(HttpStatus.hasNoBody("GET", 304));
        assertFalse(HttpStatus.hasNoBody("GET", 200));
    }
}
