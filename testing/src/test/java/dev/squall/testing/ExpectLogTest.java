package dev.squall.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.loop.IOLoop;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@SquallTest
class ExpectLogTest {
    private static final String NAME = "dev.squall.testing.sample";
    private static final System.Logger LOG = System.getLogger(NAME);

    /** Sees what reaches the root logger's handlers, i.e. what would be printed. */
    private final List<String> printed = new CopyOnWriteArrayList<>();

    private final Handler rootSpy = new Handler() {
        @Override
        public void publish(LogRecord record) {
            printed.add(ExpectLog.message(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void spyOnRoot() {
        Logger.getLogger("").addHandler(rootSpy);
    }

    @AfterEach
    void removeSpy() {
        Logger.getLogger("").removeHandler(rootSpy);
    }

    @Test
    void anExpectedRecordIsCapturedWithItsParametersFilledIn() {
        try (ExpectLog log = ExpectLog.expect(NAME, "disk sda")) {
            LOG.log(Level.WARNING, "disk {0} is full", "sda");
            assertEquals(List.of("disk sda is full"), log.messages());
            assertEquals(java.util.logging.Level.WARNING, log.records().get(0).getLevel());
        }
    }

    @Test
    void anExpectedRecordIsNotPrinted() {
        try (ExpectLog log = ExpectLog.expect(NAME, "disk sda")) {
            LOG.log(Level.WARNING, "disk {0} is full", "sda");
        }
        assertFalse(printed.contains("disk sda is full"), printed::toString);
    }

    @Test
    void anUnexpectedWarningStillReachesTheUsualHandlers() {
        logBesideAnExpectedRecord(Level.WARNING, "something nobody expected");
        assertTrue(printed.contains("something nobody expected"), printed::toString);
    }

    @Test
    void anUnexpectedDebugRecordStaysHiddenAsItWasBeforeTheCapture() {
        logBesideAnExpectedRecord(Level.DEBUG, "chatter");
        assertFalse(printed.contains("chatter"), printed::toString);
    }

    /** Logs {@code message} at {@code level} while an expectation captures another record of the same logger. */
    private static void logBesideAnExpectedRecord(Level level, String message) {
        try (ExpectLog log = ExpectLog.expect(NAME, "wanted")) {
            LOG.log(Level.WARNING, "wanted");
            LOG.log(level, message);
        }
    }

    @Test
    void aMissingRequiredRecordFailsOnClose() {
        ExpectLog log = ExpectLog.expect(NAME, "never logged");
        LOG.log(Level.WARNING, "something else");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, log::close);
        assertEquals(
                "expected a record containing \"never logged\" on logger 'dev.squall.testing.sample', but none "
                        + "was logged",
                e.getMessage());
    }

    @Test
    void allowDoesNotRequireARecordButSwallowsOne() {
        try (ExpectLog log = ExpectLog.allow(NAME, "maybe")) {
            assertTrue(log.records().isEmpty());
        }
        try (ExpectLog log = ExpectLog.allow(NAME, "maybe")) {
            LOG.log(Level.ERROR, "maybe this");
            assertEquals(1, log.records().size());
        }
        assertFalse(printed.contains("maybe this"), printed::toString);
    }

    @Test
    void debugRecordsCanBeExpectedAndTheLevelIsRestoredAfterwards() {
        assertFalse(LOG.isLoggable(Level.DEBUG));
        try (ExpectLog log = ExpectLog.expect(NAME, "details")) {
            LOG.log(Level.DEBUG, "details of the request");
            assertEquals(1, log.records().size());
        }
        assertFalse(LOG.isLoggable(Level.DEBUG));
    }

    @Test
    void recordsOfChildLoggersAreCaptured() {
        try (ExpectLog log = ExpectLog.expect(NAME, "from a child")) {
            System.getLogger(NAME + ".child").log(Level.INFO, "from a child logger");
        }
    }

    @Test
    void aPredicateCanMatchOnTheLevel() {
        try (ExpectLog log = ExpectLog.expect(NAME, r -> r.getLevel() == java.util.logging.Level.SEVERE)) {
            LOG.log(Level.WARNING, "a warning");
            LOG.log(Level.ERROR, "an error");
            assertEquals(List.of("an error"), log.messages());
        }
        assertTrue(printed.contains("a warning"), printed::toString);
    }

    @Test
    void twoCapturesOnOneLoggerEachTakeTheirOwnRecords() {
        try (ExpectLog outer = ExpectLog.expect(NAME, "outer")) {
            try (ExpectLog inner = ExpectLog.expect(NAME, "inner")) {
                LOG.log(Level.WARNING, "inner record");
                LOG.log(Level.WARNING, "outer record");
                assertEquals(List.of("inner record"), inner.messages());
            }
            assertEquals(List.of("outer record"), outer.messages());
        }
        assertTrue(printed.isEmpty(), printed::toString);
    }

    @Test
    void aRecordLoggedOnTheLoopJustBeforeCloseIsSeen(IOLoop loop) {
        try (ExpectLog log = ExpectLog.expect(NAME, "from the loop")) {
            loop.execute(() -> loop.execute(() -> LOG.log(Level.WARNING, "from the loop")));
        }
    }

    @Test
    void awaitRecordWaitsForARecordLoggedLaterOnTheLoop(IOLoop loop) {
        try (ExpectLog log = ExpectLog.expect(NAME, "later")) {
            loop.callLater(java.time.Duration.ofMillis(30), () -> LOG.log(Level.WARNING, "later {0}", "on"));
            assertEquals("later on", ExpectLog.message(log.awaitRecord()));
            assertEquals(List.of("later on"), log.messages());
        }
    }

    @Test
    void awaitRecordFailsWithinTheTestsTimeLimitWhenNoneComes() {
        Throwable failure = SquallExtensionTest.onlyFailure(Samples.run(AwaitsInVain.class));
        // The test's time limit ends the wait, and the failure shows that the test was waiting for the record.
        assertTrue(failure.getMessage().startsWith("waits() did not finish within 300 ms"), failure.getMessage());
        assertTrue(failure.getMessage().contains("at dev.squall.testing.ExpectLog.awaitRecord("), failure.getMessage());
    }

    @Samples.Sample
    @SquallTest
    @SquallTimeout(value = 300, unit = java.util.concurrent.TimeUnit.MILLISECONDS)
    static class AwaitsInVain {
        @Test
        void waits() {
            try (ExpectLog log = ExpectLog.allow(NAME, "never")) {
                log.awaitRecord();
            }
        }
    }

    @Test
    void anExpectLogTheTestForgotToCloseIsCheckedWhenTheTestEnds() {
        Throwable failure = SquallExtensionTest.onlyFailure(Samples.run(ForgetsToClose.class));
        assertTrue(failure.getMessage().startsWith("expected a record containing \"never\""), failure.getMessage());
        try (ExpectLog log = ExpectLog.expect(NAME, "after")) {
            LOG.log(Level.WARNING, "after the sample"); // the sample's capture was removed
            assertEquals(1, log.records().size());
        }
    }

    @Samples.Sample
    @SquallTest
    static class ForgetsToClose {
        @Test
        void opensAndForgets() {
            ExpectLog.expect(NAME, "never");
        }
    }
}
