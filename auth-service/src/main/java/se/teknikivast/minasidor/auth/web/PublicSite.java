package se.teknikivast.minasidor.auth.web;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where customers reach the platform ({@code minasidor.public-base-url}, from {@code MINASIDOR_PUBLIC_BASE_URL}): the
 * gateway's public origin, from which links in e-mails, redirects and the pages' allowed origins are built.
 *
 * @param publicBaseUrl for example {@code https://minasidor.teknikivast.se}
 */
@Validated
@ConfigurationProperties("minasidor")
public record PublicSite(@NotNull URI publicBaseUrl) {

    /** The public address of a path, e.g. {@code /auth/losenord/l/}, with exactly one slash between the two. */
    public String address(String path) {
        var base = publicBaseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
