package dev.squall.autoreload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeDetectorTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private ChangeDetector detector() {
        return new ChangeDetector(List.of(dir), Duration.ofMillis(500));
    }

    @Test
    void nothingChangedIsNeverReported() throws Exception {
        Files.writeString(dir.resolve("A.class"), "a");
        ChangeDetector d = detector();
        for (long t = 0; t < 5_000; t += 500) {
            assertFalse(d.poll(t * MS));
        }
    }

    @Test
    void aChangeIsReportedOnceAfterTheQuietPeriod() throws Exception {
        ChangeDetector d = detector();
        Files.createDirectories(dir.resolve("p"));
        Files.writeString(dir.resolve("p/A.class"), "a");
        assertFalse(d.poll(0), "seen, not settled");
        assertFalse(d.poll(400 * MS), "quiet for 400 ms only");
        assertTrue(d.poll(500 * MS));
        assertFalse(d.poll(1000 * MS), "reported once");
    }

    @Test
    void aCompileThatGoesOnPostponesTheRestart() throws Exception {
        ChangeDetector d = detector();
        Files.writeString(dir.resolve("A.class"), "a");
        assertFalse(d.poll(0));
        Files.writeString(dir.resolve("B.class"), "b");
        assertFalse(d.poll(400 * MS));
        assertFalse(d.poll(800 * MS), "only 400 ms since the last write");
        assertTrue(d.poll(900 * MS));
    }

    @Test
    void aRewrittenFileAndADeletedFileAreChanges() throws Exception {
        Path a = dir.resolve("A.class");
        Files.writeString(a, "a");
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_000_000));
        ChangeDetector d = detector();
        Files.setLastModifiedTime(a, FileTime.fromMillis(2_000_000));
        assertFalse(d.poll(0));
        assertTrue(d.poll(500 * MS));
        Files.delete(a);
        assertFalse(d.poll(1000 * MS));
        assertTrue(d.poll(1500 * MS));
    }

    @Test
    void aMissingDirectoryCountsAsEmpty() throws Exception {
        Path later = dir.resolve("target/classes");
        ChangeDetector d = new ChangeDetector(List.of(later), Duration.ofMillis(500));
        assertFalse(d.poll(0));
        Files.createDirectories(later);
        Files.writeString(later.resolve("A.class"), "a");
        assertFalse(d.poll(100 * MS));
        assertTrue(d.poll(600 * MS));
    }
}
