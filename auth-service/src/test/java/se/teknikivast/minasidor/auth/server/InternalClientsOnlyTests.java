package se.teknikivast.minasidor.auth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class InternalClientsOnlyTests {

    static final RegisteredClient TEAM = RegisteredClient.withId("team")
            .clientId("team")
            .clientSecret("{noop}secret")
            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
            .build();
    static final RegisteredClient BFF = RegisteredClient.withId("bff")
            .clientId("bff")
            .clientSecret("{noop}other")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("https://example.se/callback")
            .build();

    final InternalClientsOnly converter = new InternalClientsOnly(
            request -> new OAuth2ClientAuthenticationToken(
                    request.getParameter("client_id"), ClientAuthenticationMethod.CLIENT_SECRET_POST, "secret", null),
            new InMemoryRegisteredClientRepository(TEAM, BFF),
            new InternalClientProperties(List.of("127.0.0.0/8", "::1", "10.0.0.0/8", "fc00::/7")));

    @Test
    void anInternalClientFromTheInternalNetworkPasses() {
        assertThat(converter.convert(request("team", "10.1.2.3"))).isNotNull();
        assertThat(converter.convert(request("team", "0:0:0:0:0:0:0:1"))).isNotNull();
        assertThat(converter.convert(request("team", "fd12:3456::1"))).isNotNull();
    }

    @Test
    void anInternalClientFromAnyOtherAddressIsRefused() {
        assertRefused(request("team", "203.0.113.7"));
        assertRefused(request("team", "192.168.1.1"));
        assertRefused(request("team", "2001:db8::1"));
    }

    @Test
    void anInternalClientOnAForwardedRequestIsRefusedWhateverTheAddress() {
        var proxied = request("team", "10.1.2.3");
        proxied.addHeader("X-Forwarded-Host", "minasidor.example.se");
        assertRefused(proxied);

        var forwarded = request("team", "10.1.2.3");
        forwarded.addHeader("Forwarded", "for=10.1.2.3");
        assertRefused(forwarded);
    }

    @Test
    void otherClientsAreNotJudgedByTheirAddress() {
        var proxied = request("bff", "203.0.113.7");
        proxied.addHeader("X-Forwarded-For", "198.51.100.1");
        assertThat(converter.convert(proxied)).isNotNull();
        assertThat(converter.convert(request("unknown", "203.0.113.7"))).isNotNull();
    }

    static MockHttpServletRequest request(String clientId, String remoteAddress) {
        var request = new MockHttpServletRequest("POST", "/auth/oauth2/token");
        request.setParameter("client_id", clientId);
        request.setRemoteAddr(remoteAddress);
        return request;
    }

    void assertRefused(MockHttpServletRequest request) {
        assertThatThrownBy(() -> converter.convert(request))
                .isInstanceOfSatisfying(
                        OAuth2AuthenticationException.class,
                        refused -> assertThat(refused.getError().getErrorCode()).isEqualTo("unauthorized_client"));
    }
}
