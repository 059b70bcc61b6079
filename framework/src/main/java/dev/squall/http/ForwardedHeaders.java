package dev.squall.http;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code xheaders} rules, as Tornado applies them behind a reverse proxy: the client's IP comes from
 * {@code X-Real-Ip}, else from the right-most {@code X-Forwarded-For} entry that is not a trusted downstream
 * proxy; the scheme from the last entry of {@code X-Scheme}, else {@code X-Forwarded-Proto}. Values that are
 * not an IP address, or not {@code http}/{@code https}, are ignored. Only for servers that sit behind a proxy
 * which sets these headers: otherwise a client could claim any address.
 */
final class ForwardedHeaders {
    private ForwardedHeaders() {}

    /**
     * Returns the client's IP as the proxy headers give it.
     *
     * @param headers the request headers
     * @param peerIp the socket peer's IP, the answer when the headers say nothing usable
     * @param trustedDownstream proxy addresses to skip in {@code X-Forwarded-For}
     * @return the IP
     */
    static String remoteIp(HttpHeaders headers, String peerIp, Set<String> trustedDownstream) {
        String ip = peerIp;
        String forwardedFor = headers.get("X-Forwarded-For");
        if (forwardedFor != null) {
            int end = forwardedFor.length();
            while (true) {
                int comma = forwardedFor.lastIndexOf(',', end - 1);
                String candidate = forwardedFor.substring(comma + 1, end).strip();
                ip = candidate;
                if (!trustedDownstream.contains(candidate) || comma < 0) {
                    break;
                }
                end = comma;
            }
        }
        String realIp = headers.get("X-Real-Ip");
        if (realIp != null) {
            ip = realIp.strip();
        }
        return isValidIp(ip) ? ip : peerIp;
    }

    /**
     * Returns the scheme as the proxy headers give it.
     *
     * @param headers the request headers
     * @param defaultProtocol the scheme of the connection itself
     * @return {@code http} or {@code https}
     */
    static String protocol(HttpHeaders headers, String defaultProtocol) {
        String proto = headers.get("X-Scheme");
        if (proto == null) {
            proto = headers.get("X-Forwarded-Proto");
        }
        if (proto == null) {
            return defaultProtocol;
        }
        String last = proto.substring(proto.lastIndexOf(',') + 1).strip();
        if (last.equals("http")) {
            return "http";
        }
        if (last.equals("https")) {
            return "https";
        }
        return defaultProtocol;
    }

    /**
     * Returns whether {@code s} is a literal IPv4 or IPv6 address (no host names, no zone ids), checked
     * without resolving anything.
     *
     * @param s the candidate
     * @return true for an address literal
     */
    static boolean isValidIp(@Nullable String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s, 0, s.length());
    }

    private static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (i <= to) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != '.') {
                return false;
            }
            i++;
        }
        return parts == 4;
    }

    private static boolean isIpv6(String s) {
        int n = s.length();
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (s.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // an embedded IPv4 address ends the literal and counts as two groups
                if (!isIpv4(s, start, n)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (i == start) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false;
            }
        }
        return compressed ? groups < 8 : groups == 8;
    }
}
