package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.config.GatewayConfig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where deliveries may go. An endpoint is a partner's URL, so without this rule a partner could make the gateway
 * POST into the network it runs in (the database, the cluster's API, a cloud's metadata service at
 * 169.254.169.254). Loopback, private (RFC 1918, RFC 4193), link-local, shared (CGNAT, RFC 6598), multicast,
 * broadcast and unspecified addresses are refused unless {@code allow-private} is set, and so is any port outside
 * {@code allowed-ports}.
 */
final class DestinationPolicy {

    private final boolean allowPrivate;
    private final List<int[]> ports;

    DestinationPolicy(boolean allowPrivate, List<String> allowedPorts) {
        this.allowPrivate = allowPrivate;
        this.ports = allowedPorts.stream().map(DestinationPolicy::range).toList();
    }

    static DestinationPolicy of(GatewayConfig.Webhooks settings) {
        return new DestinationPolicy(settings.allowPrivate(), settings.allowedPorts());
    }

    boolean portAllowed(int port) {
        return ports.stream().anyMatch(range -> port >= range[0] && port <= range[1]);
    }

    String allowedPorts() {
        return String.join(", ", ports.stream().map(range -> range[0] == range[1] ? Integer.toString(range[0])
                : range[0] + "-" + range[1]).toList());
    }

    /** Why a delivery may not go to this address, or nothing when it may. */
    Optional<String> refusal(InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        return internal(address);
    }

    /**
     * What can be told of a host without asking DNS: an IP literal in a refused range, or a name that is loopback
     * by definition. Names are checked again, resolved, at every attempt.
     */
    Optional<String> refusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("is a loopback name");
        }
        return literal(name).flatMap(DestinationPolicy::internal);
    }

    /** The address of an IP literal (IPv6 in brackets or not), or nothing for a name. */
    static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipv4 = bare.matches("[0-9.]+");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9a-fA-F:.]+");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            // A literal is parsed, never looked up.
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> internal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            // IPv4 written as IPv6 (::a.b.c.d, ::ffff:a.b.c.d): judged as the IPv4 address it stands for.
            if (embedsIpv4(bytes)) {
                try {
                    return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are an IPv4 address", e);
                }
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("is the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("is a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("is a link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("is a multicast address");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return Optional.of("is in 0.0.0.0/8, this network");
            }
            if (address.isSiteLocalAddress()) {
                return Optional.of("is a private address");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("is a shared (CGNAT) address");
            }
            if (first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255) {
                return Optional.of("is the broadcast address");
            }
            return Optional.empty();
        }
        if ((bytes[0] & 0xfe) == 0xfc) {
            return Optional.of("is a unique local (private) address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("is a site-local address");
        }
        return Optional.empty();
    }

    private static boolean embedsIpv4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        boolean mapped = (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff;
        boolean compatible = v6[10] == 0 && v6[11] == 0;
        // :: and ::1 are judged as themselves.
        boolean tiny = compatible && v6[12] == 0 && v6[13] == 0 && v6[14] == 0;
        return mapped || (compatible && !tiny);
    }

    private static int[] range(String ports) {
        String[] ends = ports.trim().split("-");
        int low = Integer.parseInt(ends[0]);
        int high = ends.length == 1 ? low : Integer.parseInt(ends[1]);
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("rocketexpress.gateway.webhooks.allowed-ports: '" + ports
                    + "' is not a port or a range of ports (1 to 65535)");
        }
        return new int[] {low, high};
    }
}
