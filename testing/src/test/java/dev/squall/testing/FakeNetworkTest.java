package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FakeNetworkTest {
    private final FakeNetwork network = new FakeNetwork();

    private List<InetSocketAddress> resolve(String host, int port) throws Exception {
        return network.resolve(host, port).toCompletableFuture().get();
    }

    @Test
    void aFakeHostResolvesToItsLoopbackPort() throws Exception {
        network.add("api.example.com", 443, 40001);
        assertEquals(
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001)),
                resolve("API.example.com", 443));
    }

    @Test
    void loopbackNamesResolveAsUsual() throws Exception {
        assertEquals(8080, resolve("localhost", 8080).get(0).getPort());
        assertTrue(resolve("127.0.0.1", 1).get(0).getAddress().isLoopbackAddress());
        assertTrue(resolve("[::1]", 1).get(0).getAddress().isLoopbackAddress());
    }

    @Test
    void anyOtherHostFailsWithoutALookUp() {
        network.add("api.example.com", 80, 40001);
        ExecutionException e = assertThrows(ExecutionException.class, () -> resolve("github.com", 443));
        assertInstanceOf(UnknownHostException.class, e.getCause());
        assertEquals(
                "github.com:443 is not a fake service of this test, and tests do not reach the real network; "
                        + "declare one with @FakeService(host = \"github.com\") (the fakes are [api.example.com:80])",
                e.getCause().getMessage());
    }

    @Test
    void aFakeHostOnAnotherPortIsNotTheFake() {
        network.add("api.example.com", 80, 40001);
        assertThrows(ExecutionException.class, () -> resolve("api.example.com", 8080));
    }

    @Test
    void aRealAddressIsRefused() {
        assertThrows(ExecutionException.class, () -> resolve("8.8.8.8", 53));
    }
}
