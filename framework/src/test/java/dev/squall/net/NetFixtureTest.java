package dev.squall.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test with a fresh {@link NetFixture} (a loop, a server and connections to it) per test method. */
abstract class NetFixtureTest {
    NetFixture net;

    @BeforeEach
    void startNetFixture() throws Exception {
        net = new NetFixture();
    }

    @AfterEach
    void stopNetFixture() {
        net.close();
    }
}
