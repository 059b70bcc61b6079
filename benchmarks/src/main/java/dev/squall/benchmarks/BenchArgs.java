package dev.squall.benchmarks;

import java.lang.management.ManagementFactory;

/** Command-line and measurement helpers shared by the load harnesses' servers and clients. */
final class BenchArgs {
    private BenchArgs() {}

    /** Returns the value of {@code --name=value} in {@code args}, or {@code fallback}. */
    static String value(String[] args, String name, String fallback) {
        String prefix = "--" + name + "=";
        for (String a : args) {
            if (a.startsWith(prefix)) {
                return a.substring(prefix.length());
            }
        }
        return fallback;
    }

    /** Returns {@code --name=N} as an int, or {@code fallback}. */
    static int intValue(String[] args, String name, int fallback) {
        return Integer.parseInt(value(args, name, Integer.toString(fallback)));
    }

    /** Returns {@code --port=N}, 8080 by default. */
    static int port(String[] args) {
        return intValue(args, "port", 8080);
    }

    /** Returns {@code --address=A}, 127.0.0.1 by default. */
    static String address(String[] args) {
        return value(args, "address", "127.0.0.1");
    }

    /**
     * Returns the heap used after four full GCs 100 ms apart (so that what is left is what is reachable).
     * Blocks the calling thread for about half a second.
     */
    static long heapUsedAfterGc() {
        try {
            for (int i = 0; i < 4; i++) {
                System.gc();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
