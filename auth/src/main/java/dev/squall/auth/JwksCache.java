package dev.squall.auth;

import dev.squall.loop.IOLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A provider's signing keys, fetched once and shared by every loop. A token signed with a key the cache does
 * not know (the provider rotated its keys) refetches the set, at most once per {@code minRefreshInterval}
 * (the first load does not count), so
 * tokens with made-up key ids cannot make the site hammer the provider. Thread-safe; the futures it returns
 * complete on the caller's loop.
 */
final class JwksCache {
    private final Duration minRefreshInterval;
    private volatile @Nullable List<JsonWebKey> keys;
    private long lastRefreshMillis = Long.MIN_VALUE; // guarded by this; a refetch for an unknown key id
    private @Nullable CompletableFuture<List<JsonWebKey>> inFlight; // guarded by this

    JwksCache(Duration minRefreshInterval) {
        this.minRefreshInterval = minRefreshInterval;
    }

    /**
     * Returns the key that verifies {@code jws}: one whose {@code kid} is the token's (or, for a token without
     * one, the only key that fits its algorithm), fetching the set with {@code fetch} when it was never fetched
     * or does not have the key and the last fetch is old enough.
     *
     * @param jws the token
     * @param nowMillis now, on the caller's loop's clock
     * @param fetch fetches the key set (on the caller's loop)
     * @return the key, on the caller's loop; or failed with an {@link AuthError} (403) when there is none
     */
    CompletableFuture<JsonWebKey> key(Jws jws, long nowMillis, Supplier<CompletableFuture<List<JsonWebKey>>> fetch) {
        List<JsonWebKey> known = keys;
        JsonWebKey found = known == null ? null : find(known, jws);
        if (found != null) {
            return CompletableFuture.completedFuture(found);
        }
        CompletableFuture<List<JsonWebKey>> refresh;
        synchronized (this) {
            if (inFlight != null) {
                refresh = inFlight;
            } else if (known != null
                    && lastRefreshMillis != Long.MIN_VALUE
                    && nowMillis - lastRefreshMillis < minRefreshInterval.toMillis()) {
                return ProviderHttp.failed(AuthError.refused("no signing key with kid " + jws.keyId() + " for "
                        + jws.algorithm() + " in the provider's key set, which was fetched again less than "
                        + minRefreshInterval.toSeconds() + " s ago"));
            } else {
                if (known != null) {
                    lastRefreshMillis = nowMillis; // the first load is not a refresh: a rotation right after it is fine
                }
                CompletableFuture<List<JsonWebKey>> f = fetch.get();
                inFlight = f;
                refresh = f;
                f.whenComplete((list, error) -> {
                    synchronized (this) {
                        inFlight = null;
                        if (list != null) {
                            keys = list;
                        }
                    }
                });
            }
        }
        return ProviderHttp.map(IOLoop.current().adopt(refresh), list -> {
            JsonWebKey key = find(list, jws);
            if (key == null) {
                throw AuthError.refused("no signing key with kid " + jws.keyId() + " for " + jws.algorithm()
                        + " in the provider's key set, even after fetching it again");
            }
            return key;
        });
    }

    private static @Nullable JsonWebKey find(List<JsonWebKey> keys, Jws jws) {
        String alg = jws.algorithm();
        if (alg == null) {
            return null;
        }
        String kid = jws.keyId();
        JsonWebKey only = null;
        int fitting = 0;
        for (JsonWebKey k : keys) {
            if (!k.fits(alg)) {
                continue;
            }
            if (kid != null && kid.equals(k.kid())) {
                return k;
            }
            fitting++;
            only = k;
        }
        return kid == null && fitting == 1 ? only : null;
    }
}
