package dev.squall.autoreload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells when the files under some directories changed and then stayed still: each {@link #poll} lists the
 * files with their size and modification time and compares with the previous list. A change is reported once
 * the files have not moved for {@code quiet} — a compiler writes many files over a second or two, and a
 * restart in the middle would load half of them. Polling, as Tornado's autoreload, rather than a
 * {@code WatchService}: it needs no registration per new sub-directory, works the same on every platform, and
 * a walk of {@code target/classes} every 500 ms costs little. Not thread-safe; one supervisor thread polls.
 */
final class ChangeDetector {
    private final List<Path> roots;
    private final long quietNanos;
    private Map<Path, Stamp> last;
    private long changedAt;
    private boolean pending;

    /**
     * Creates the detector and takes the first snapshot.
     *
     * @param roots the directories to watch (missing ones count as empty)
     * @param quiet how long the files must stay unchanged before a change is reported
     */
    ChangeDetector(List<Path> roots, Duration quiet) {
        this.roots = List.copyOf(roots);
        this.quietNanos = quiet.toNanos();
        this.last = snapshot();
    }

    /**
     * Takes a snapshot and says whether a change happened and has settled.
     *
     * @param nowNanos the current time on any monotonic clock ({@link System#nanoTime()})
     * @return true once per settled change
     */
    boolean poll(long nowNanos) {
        Map<Path, Stamp> now = snapshot();
        if (!now.equals(last)) {
            last = now;
            changedAt = nowNanos;
            pending = true;
            return false;
        }
        if (pending && nowNanos - changedAt >= quietNanos) {
            pending = false;
            return true;
        }
        return false;
    }

    private Map<Path, Stamp> snapshot() {
        Map<Path, Stamp> files = new HashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        files.put(file, new Stamp(attrs.lastModifiedTime().toMillis(), attrs.size()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // deleted while walking: the next poll sees it gone
                    }
                });
            } catch (NoSuchFileException e) {
                // the whole directory went away (mvn clean): it counts as empty
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return files;
    }

    private record Stamp(long modifiedMillis, long size) {}
}
