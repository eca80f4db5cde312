package se.teknikivast.minasidor.gateway.startpage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import se.teknikivast.minasidor.gateway.login.LoginProperties;
import tools.jackson.databind.json.JsonMapper;

/** The Mina sidor start page: who is logged in, and the way out. */
@Controller
class StartPageController {

    private static final Logger log = LoggerFactory.getLogger(StartPageController.class);

    private final CustomerServiceClient customers;
    private final JsonMapper json;

    StartPageController(CustomerServiceClient customers, JsonMapper json) {
        this.customers = customers;
        this.json = json;
    }

    @GetMapping({"/", "/mina-sidor", "/mina-sidor/"})
    Mono<Rendering> startPage(
            @AuthenticationPrincipal OidcUser user,
            @RegisteredOAuth2AuthorizedClient(LoginProperties.REGISTRATION_ID) OAuth2AuthorizedClient client,
            ServerWebExchange exchange) {
        var accessToken = client.getAccessToken().getTokenValue();
        var loginMethod = LoginMethod.fromAmr(user.getClaimAsStringList("amr"))
                .or(() -> LoginMethod.fromAmr(amrOf(accessToken)))
                .map(LoginMethod::messageKey)
                .orElse(LoginMethod.UNKNOWN_KEY);
        Mono<CsrfToken> csrf = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
        var customer = customers.me(accessToken).map(Optional::of).onErrorResume(error -> {
            log.warn("Customer profile unavailable: {}", error.getClass().getSimpleName());
            return Mono.just(Optional.empty());
        });
        return Mono.zip(customer, csrf)
                .map(loaded -> Rendering.view("start")
                        .modelAttribute("customer", loaded.getT1().orElse(null))
                        .modelAttribute(
                                "customerType",
                                loaded.getT1()
                                        .map(CustomerProfile::typeMessageKey)
                                        .orElse(null))
                        .modelAttribute("loginMethod", loginMethod)
                        .modelAttribute("csrf", loaded.getT2())
                        .build());
    }

    /**
     * The conventions put {@code amr} in the access token; the ID token may not carry it. The access token came
     * straight from auth-service's token endpoint over the back channel, so reading its payload is safe here.
     */
    private List<String> amrOf(String accessToken) {
        var parts = accessToken.split("\\.");
        if (parts.length != 3) {
            return List.of();
        }
        try {
            var claims = json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            var amr = claims.path("amr");
            var values = new ArrayList<String>();
            amr.forEach(value -> values.add(value.asString()));
            return values;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
