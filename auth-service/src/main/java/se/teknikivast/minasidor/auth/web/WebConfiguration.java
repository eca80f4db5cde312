package se.teknikivast.minasidor.auth.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/** Swedish by default; {@code ?lang=en} switches to English and is remembered in a cookie. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");

    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("MINASIDOR_AUTH_LANG");
        resolver.setDefaultLocale(SWEDISH);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }

    /** Right after Spring Session's filter (which makes the session readable), before Spring Security's. */
    @Bean
    FilterRegistrationBean<AbsoluteSessionTimeout> absoluteSessionTimeout(SessionProperties properties, Clock clock) {
        var registration = new FilterRegistrationBean<>(new AbsoluteSessionTimeout(properties, clock));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }

    /** Outside Spring Session's filter (and its read scope), so it sees the session writes that fail. */
    @Bean
    FilterRegistrationBean<RedisUnavailable> redisUnavailable(
            ITemplateEngine templates,
            MessageSource messages,
            LocaleResolver locales,
            JsonMapper json,
            MeterRegistry meters) {
        var registration =
                new FilterRegistrationBean<>(new RedisUnavailable(templates, messages, locales, json, meters));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 2);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
