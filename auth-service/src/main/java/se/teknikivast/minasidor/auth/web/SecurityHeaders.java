package se.teknikivast.minasidor.auth.web;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.stereotype.Component;

/**
 * Response headers for every page and endpoint (docs/security.md, "The defaults": headers). The CSP allows no inline script; its
 * form-action also names the public origin because browsers apply it to the redirects that follow the login POST
 * (authorize → the gateway's redirect URI) when auth-service is reached directly.
 */
@Component
public final class SecurityHeaders {

    private final String contentSecurityPolicy;

    SecurityHeaders(PublicSite site) {
        var formTargets = new LinkedHashSet<>(List.of("'self'", origin(site.publicBaseUrl())));
        this.contentSecurityPolicy = String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action " + formTargets.stream().collect(Collectors.joining(" ")));
    }

    public void apply(HttpSecurity http) throws Exception {
        http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .frameOptions(frame -> frame.deny())
                .httpStrictTransportSecurity(
                        hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true))
                .permissionsPolicyHeader(permissions ->
                        permissions.policy("camera=(), microphone=(), geolocation=(), payment=(), usb=()")));
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
