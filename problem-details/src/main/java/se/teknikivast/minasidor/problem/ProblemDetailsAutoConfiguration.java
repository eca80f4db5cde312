package se.teknikivast.minasidor.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** What every servlet service gets from this module without asking: {@link UnreadableRequests}. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ProblemDetailsAutoConfiguration {

    /** Right after Boot's character encoding filter (the highest precedence), so form bodies are read as UTF-8. */
    @Bean
    FilterRegistrationBean<UnreadableRequests> unreadableRequests() {
        var registration = new FilterRegistrationBean<>(new UnreadableRequests());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
