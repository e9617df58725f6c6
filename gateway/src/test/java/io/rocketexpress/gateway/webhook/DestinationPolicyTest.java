package io.rocketexpress.gateway.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationPolicyTest {

    private final DestinationPolicy production = new DestinationPolicy(false, List.of("443"));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.0.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.251",
            "239.255.255.250", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1",
            "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1"})
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(production.refusal(InetAddress.getByName(address))).isPresent();
        assertThat(production.refusal(address.contains(":") ? "[" + address + "]" : address)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.15.255.255",
            "172.32.0.1", "169.253.0.1", "2606:2800:220:1:248:1893:25c8:1946", "fbff::1"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(production.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void namesAreOnlyJudgedWithoutDnsWhenLoopbackByDefinition() {
        assertThat(production.refusal("localhost")).isPresent();
        assertThat(production.refusal("LOCALHOST.")).isPresent();
        assertThat(production.refusal("api.localhost")).isPresent();
        assertThat(production.refusal("hooks.example.com")).isEmpty();
        assertThat(production.refusal("10.0.0.1.nip.io")).isEmpty();
    }

    @Test
    void allowPrivateLetsEverythingThrough() throws UnknownHostException {
        DestinationPolicy local = new DestinationPolicy(true, List.of("443"));
        assertThat(local.refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(local.refusal("localhost")).isEmpty();
    }

    @Test
    void portsAreSinglesOrRanges() {
        DestinationPolicy ports = new DestinationPolicy(false, List.of("443", "8443-8450"));
        assertThat(ports.portAllowed(443)).isTrue();
        assertThat(ports.portAllowed(8443)).isTrue();
        assertThat(ports.portAllowed(8450)).isTrue();
        assertThat(ports.portAllowed(80)).isFalse();
        assertThat(ports.portAllowed(8451)).isFalse();
        assertThat(ports.allowedPorts()).isEqualTo("443, 8443-8450");
        assertThatThrownBy(() -> new DestinationPolicy(false, List.of("0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DestinationPolicy(false, List.of("9000-8000")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
