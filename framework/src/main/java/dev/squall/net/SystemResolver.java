package dev.squall.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link Resolver#system()}: the JDK's blocking resolver, run on a virtual thread per look-up. */
final class SystemResolver implements Resolver {
    static final SystemResolver INSTANCE = new SystemResolver();

    private SystemResolver() {}

    @Override
    public CompletionStage<List<InetSocketAddress>> resolve(String host, int port) {
        if (Resolver.isIpLiteral(host)) {
            try {
                return CompletableFuture.completedFuture(addresses(InetAddress.getAllByName(host), port));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        Thread.ofVirtual().name("squall-resolve-" + host).start(() -> {
            try {
                result.complete(addresses(InetAddress.getAllByName(host), port));
            } catch (UnknownHostException e) {
                result.completeExceptionally(
                        new UnknownHostException("could not resolve host '" + host + "': " + e.getMessage()));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static List<InetSocketAddress> addresses(InetAddress[] all, int port) {
        List<InetSocketAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Resolver.system()";
    }
}
