package dev.squall.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApplicationAttributeTest {
    private static final AttributeKey<String> GREETING = AttributeKey.of("greeting");

    @Test
    void aValueSetOnTheBuilderIsTheApplicationsAttribute() {
        Application app = Application.builder().attribute(GREETING, "hello").build();
        assertEquals("hello", app.attribute(GREETING));
        assertEquals("hello", app.attributeOrNull(GREETING));
    }

    @Test
    void keysCompareByIdentityNotByName() {
        AttributeKey<String> sameName = AttributeKey.of("greeting");
        Application app = Application.builder().attribute(GREETING, "hello").build();
        assertNull(app.attributeOrNull(sameName));
    }

    @Test
    void anUnsetAttributeWithoutDefaultIsAClearError() {
        Application app = Application.builder().build();
        assertNull(app.attributeOrNull(GREETING));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> app.attribute(GREETING));
        assertTrue(e.getMessage().contains("greeting"), e.getMessage());
        assertTrue(e.getMessage().contains("attribute(key, value)"), e.getMessage());
    }

    @Test
    void aDefaultIsCreatedOncePerApplicationEvenUnderRacingThreads() throws Exception {
        AtomicInteger created = new AtomicInteger();
        AttributeKey<Object> key = AttributeKey.withDefault("state", () -> {
            created.incrementAndGet();
            return new Object();
        });
        Application app = Application.builder().build();
        CountDownLatch start = new CountDownLatch(1);
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                seen.add(app.attribute(key));
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, created.get());
        for (Object o : seen) {
            assertSame(seen.get(0), o);
        }
        Application other = Application.builder().build();
        assertNotSame(seen.get(0), other.attribute(key), "each application has its own");
    }

    @Test
    void aBuilderValueWinsOverTheDefault() {
        AttributeKey<String> key = AttributeKey.withDefault("mode", () -> "default");
        assertEquals("set", Application.builder().attribute(key, "set").build().attribute(key));
        assertEquals("default", Application.builder().build().attribute(key));
    }
}
