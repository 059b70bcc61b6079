package dev.squall.net;

import static dev.squall.net.NetFixture.await;
import static dev.squall.net.NetFixture.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.net.NetFixture.Connection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** {@link IOStream#readUntilRegex} and {@link IOStream#readInto}, as Tornado's read_until_regex and read_into. */
class IOStreamRegexAndIntoTest extends NetFixtureTest {
    private static final Pattern BLANK_LINE = Pattern.compile("\r?\n\r?\n");

    @Test
    void readUntilRegexReturnsTheBytesUpToTheEndOfTheFirstMatch() throws Exception {
        Connection c = net.connect();
        c.send("GET / HTTP/1.0\n\nrest");
        ByteString head = await(net.call(() -> c.stream().readUntilRegex(BLANK_LINE, 1024)));
        assertEquals("GET / HTTP/1.0\n\n", head.utf8());
        assertEquals("rest", await(net.call(() -> c.stream().readBytes(4))).utf8());
    }

    @Test
    void readUntilRegexFindsAMatchSplitAcrossSocketReads() throws Exception {
        try (NetFixture small = new NetFixture(IOStream.Options.DEFAULTS.withReadChunkBytes(3))) {
            Connection c = small.connect();
            CompletableFuture<ByteString> f =
                    small.call(() -> c.stream().readUntilRegex(Pattern.compile("[0-9]+;"), 100));
            c.send("abc12");
            c.send("34;x");
            assertEquals("abc1234;", await(f).utf8());
        }
    }

    @Test
    void readUntilRegexMatchesBytesAsLatin1() throws Exception {
        Connection c = net.connect();
        c.send(new byte[] {'a', (byte) 0xff, 'z', '!'});
        ByteString r = await(net.call(() -> c.stream().readUntilRegex(Pattern.compile("\u00ffz"), 10)));
        assertEquals(ByteString.of((byte) 'a', (byte) 0xff, (byte) 'z'), r);
    }

    @Test
    void readUntilRegexPastMaxBytesFailsAndCloses() throws Exception {
        Connection c = net.connect();
        c.send("0123456789abcdef");
        Throwable e = awaitFailure(net.call(() -> c.stream().readUntilRegex(BLANK_LINE, 8)));
        assertInstanceOf(UnsatisfiableReadException.class, e);
        assertTrue(e.getMessage().startsWith("readUntilRegex(\r?\n\r?\n) did not find"), e.getMessage());
        await(c.stream().closeFuture());
    }

    @Test
    void readIntoFillsTheCallersBuffer() throws Exception {
        Connection c = net.connect();
        ByteBuffer target = ByteBuffer.allocate(10);
        target.put((byte) '>');
        CompletableFuture<Integer> f = net.call(() -> c.stream().readInto(target, false));
        c.send("abcd");
        c.send("efghiXYZ");
        assertEquals(9, await(f));
        assertEquals(">abcdefghi", new String(target.array(), StandardCharsets.US_ASCII));
        assertEquals(10, target.position());
        assertEquals("XYZ", await(net.call(() -> c.stream().readBytes(3))).utf8());
    }

    @Test
    void aPartialReadIntoTakesWhatIsThere() throws Exception {
        Connection c = net.connect();
        c.send("ab");
        ByteBuffer target = ByteBuffer.allocateDirect(100);
        assertEquals(2, await(net.call(() -> c.stream().readInto(target, true))));
        target.flip();
        assertEquals("ab", StandardCharsets.US_ASCII.decode(target).toString());
    }

    @Test
    void readIntoFailsWhenTheStreamClosesFirst() throws Exception {
        Connection c = net.connect();
        c.send("ab");
        c.closePeer();
        Throwable e = awaitFailure(net.call(() -> c.stream().readInto(ByteBuffer.allocate(10), false)));
        assertInstanceOf(StreamClosedException.class, e);
    }
}
