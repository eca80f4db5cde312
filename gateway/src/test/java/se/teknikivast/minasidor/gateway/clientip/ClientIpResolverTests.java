package se.teknikivast.minasidor.gateway.clientip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientIpResolverTests {

    private final ClientIpResolver resolver =
            new ClientIpResolver(new ClientIpProperties(List.of("10.0.0.0/8", "192.168.1.5", "fd00::/8")));

    @Test
    void ignoresForwardedForFromAnUntrustedConnection() {
        var request =
                from("203.0.113.7").header("X-Forwarded-For", "198.51.100.1").build();

        assertThat(resolver.resolve(request)).isEqualTo("203.0.113.7");
    }

    @Test
    void takesTheAddressTheTrustedProxySaw() {
        var request = from("10.1.2.3")
                .header("X-Forwarded-For", "6.6.6.6, 198.51.100.1, 192.168.1.5")
                .build();

        assertThat(resolver.resolve(request)).isEqualTo("198.51.100.1");
    }

    @Test
    void stopsAtGarbageInTheHeader() {
        var request = from("10.1.2.3")
                .header("X-Forwarded-For", "evil.example, 10.9.9.9")
                .build();

        assertThat(resolver.resolve(request)).isEqualTo("10.9.9.9");
    }

    @Test
    void matchesIpv6Ranges() {
        var request = from("fd12::1").header("X-Forwarded-For", "2001:db8::5").build();

        assertThat(resolver.resolve(request)).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(resolver.isFromTrustedProxy(request)).isTrue();
    }

    @Test
    void refusesAHostNameOrABadPrefixAsATrustedProxy() {
        // A name would be looked up in DNS, and whoever controls that DNS could make themselves a trusted proxy.
        for (var bad : List.of("proxy.example", "10.0.0.0/33", "fd00::/129")) {
            assertThatThrownBy(() -> new ClientIpResolver(new ClientIpProperties(List.of(bad))))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() {
        var resolver = new ClientIpResolver(new ClientIpProperties(List.of("10.0.0.0/12")));

        assertThat(resolver.isFromTrustedProxy(from("10.15.255.255").build())).isTrue();
        assertThat(resolver.isFromTrustedProxy(from("10.16.0.1").build())).isFalse();
        assertThat(resolver.isFromTrustedProxy(from("fd00::1").build())).isFalse();
    }

    private static MockServerHttpRequest.BaseBuilder<?> from(String address) {
        return MockServerHttpRequest.get("/auth/login").remoteAddress(new InetSocketAddress(address, 40000));
    }
}
