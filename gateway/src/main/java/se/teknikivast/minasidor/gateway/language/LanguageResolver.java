package se.teknikivast.minasidor.gateway.language;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The gateway's pages speak the language the customer chose on the login page: Swedish unless {@code ?lang=en} was
 * chosen, remembered in the same cookie auth-service's login pages use ({@value #COOKIE}, path {@code /}), so the
 * choice holds from the login to Mina sidor, the logged-out page and the next login. {@code ?lang=} on a gateway page
 * changes it the same way.
 */
@Component("localeContextResolver")
public class LanguageResolver implements LocaleContextResolver {

    /** auth-service's {@code CookieLocaleResolver} cookie (its WebConfiguration). */
    static final String COOKIE = "MINASIDOR_AUTH_LANG";

    static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");

    @Override
    public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
        var chosen = language(exchange.getRequest().getQueryParams().getFirst("lang"));
        if (chosen != null) {
            // Asked more than once per request (the view and Thymeleaf); one cookie is enough.
            if (!exchange.getResponse().getCookies().containsKey(COOKIE)) {
                exchange.getResponse()
                        .addCookie(ResponseCookie.from(COOKIE, chosen.toLanguageTag())
                                .path("/")
                                .maxAge(Duration.ofDays(365))
                                .httpOnly(true)
                                .secure(true)
                                .sameSite("Lax")
                                .build());
            }
            return () -> chosen;
        }
        var remembered = remembered(exchange.getRequest());
        return () -> remembered;
    }

    /**
     * The language of a request's page without a view (the fixed pages of {@code ProblemResponses}): {@code ?lang=}
     * if given, else the remembered choice, else Swedish.
     */
    public static Locale of(ServerHttpRequest request) {
        var chosen = language(request.getQueryParams().getFirst("lang"));
        return chosen != null ? chosen : remembered(request);
    }

    private static Locale remembered(ServerHttpRequest request) {
        var cookie = request.getCookies().getFirst(COOKIE);
        var remembered = cookie == null ? null : language(cookie.getValue());
        return remembered == null ? SWEDISH : remembered;
    }

    @Override
    public void setLocaleContext(ServerWebExchange exchange, @Nullable LocaleContext localeContext) {
        throw new UnsupportedOperationException("The language is chosen with ?lang=sv or ?lang=en");
    }

    /** Swedish or English from {@code sv}, {@code sv-SE}, {@code sv_SE}, {@code en}, …; anything else is no choice. */
    static @Nullable Locale language(@Nullable String value) {
        if (value == null) {
            return null;
        }
        var tag = value.strip().toLowerCase(Locale.ROOT);
        if (tag.equals("en") || tag.startsWith("en-") || tag.startsWith("en_")) {
            return Locale.ENGLISH;
        }
        if (tag.equals("sv") || tag.startsWith("sv-") || tag.startsWith("sv_")) {
            return SWEDISH;
        }
        return null;
    }
}
