package se.teknikivast.minasidor.gateway.logout;

import io.netty.channel.ChannelOption;
import java.util.ArrayList;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import se.teknikivast.minasidor.gateway.login.LoginProperties;

/**
 * Ends one login at auth-service, as the gateway's OAuth2 client (client_secret_basic): revokes the refresh and the
 * access token ({@code /oauth2/revoke}, RFC 7009), then ends the login's authorization and the customer's
 * auth-service sessions through the back channel ({@code POST /internal/logout}). Every step may be repeated: a
 * revoked or unknown token is answered 200 (RFC 7009), an ended login 204.
 */
@Component
class AuthServiceLogout {

    private final WebClient client;
    private final LogoutProperties logout;
    private final String clientId;
    private final String clientSecret;

    AuthServiceLogout(LoginProperties login, LogoutProperties logout) {
        var http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(2000, logout.timeout().toMillis()))
                .responseTimeout(logout.timeout());
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        this.logout = logout;
        this.clientId = login.clientId();
        this.clientSecret = login.clientSecret();
    }

    /**
     * Completes once auth-service has every part; fails with {@link Unreachable} when it could not be asked (down,
     * slow, 5xx: worth another try) and with {@link Refused} when it said no (4xx: another try would not help).
     */
    Mono<Void> end(LoginTokens tokens) {
        var revocations = new ArrayList<Mono<Void>>();
        if (tokens.refreshToken() != null) {
            revocations.add(post(logout.revocationUri(), tokens.refreshToken(), "refresh_token"));
        }
        revocations.add(post(logout.revocationUri(), tokens.accessToken(), "access_token"));
        return Flux.concat(revocations)
                .then(post(logout.backChannelUri(), tokens.loginToken(), null))
                .timeout(logout.timeout().multipliedBy(3))
                .onErrorMap(
                        error -> !(error instanceof Refused),
                        error -> new Unreachable(error.getClass().getSimpleName()));
    }

    private Mono<Void> post(String uri, String token, String hint) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("token", token);
        if (hint != null) {
            form.add("token_type_hint", hint);
        }
        return client.post()
                .uri(uri)
                .headers(headers -> headers.setBasicAuth(clientId, clientSecret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form))
                .retrieve()
                .toBodilessEntity()
                .onErrorMap(
                        error -> error instanceof WebClientResponseException response
                                && response.getStatusCode().is4xxClientError(),
                        error -> new Refused(((WebClientResponseException) error)
                                .getStatusCode()
                                .value()))
                .then();
    }

    /** auth-service did not answer, or answered 5xx; try again later. Carries no token. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String reason) {
            super("auth-service not reached: " + reason, null, false, false);
        }
    }

    /** auth-service refused the request (4xx); trying again would not help. */
    static final class Refused extends RuntimeException {
        Refused(int status) {
            super("auth-service refused with " + status, null, false, false);
        }
    }
}
