package se.teknikivast.minasidor.notification.templates;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import se.teknikivast.minasidor.events.EmailRequest;

/**
 * Renders an {@link EmailRequest} as a Swedish or English mail. Each type has a plain-text and an HTML template per
 * language under {@code templates/mail/}, and its subject in {@code templates/mail/messages_<lang>.properties}.
 */
@Component
public final class EmailTemplates {

    public static final Set<String> TYPES = Set.of(
            EmailRequest.Type.PASSWORD_SETUP,
            EmailRequest.Type.PASSWORD_CHANGED,
            EmailRequest.Type.OTHER_EMAIL_ENTERED,
            EmailRequest.Type.EMAIL_CHANGED);

    private static final Locale SWEDISH = Locale.of("sv", "SE");
    private static final int MAX_VALID_MINUTES = 7 * 24 * 60;

    private final MailProperties properties;
    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
    private final ResourceBundleMessageSource subjects = new ResourceBundleMessageSource();

    public EmailTemplates(MailProperties properties) {
        this.properties = properties;
        subjects.setBasename("templates/mail/messages");
        subjects.setDefaultEncoding("UTF-8");
        subjects.setFallbackToSystemLocale(false);
    }

    /** Swedish unless the request asks for English: our customers are Swedish first. */
    public static Locale localeOf(EmailRequest request) {
        var tag = request.locale() == null ? "" : request.locale().toLowerCase(Locale.ROOT);
        return tag.startsWith("en") ? Locale.ENGLISH : SWEDISH;
    }

    /** Checks everything that would make {@link #render} fail for good; messages never contain the link. */
    public void validate(EmailRequest request) {
        switch (request.type()) {
            case EmailRequest.Type.PASSWORD_SETUP -> {
                link(request);
                validMinutes(request);
            }
            case EmailRequest.Type.PASSWORD_CHANGED, EmailRequest.Type.OTHER_EMAIL_ENTERED -> {}
            case EmailRequest.Type.EMAIL_CHANGED -> role(request);
            default -> throw new InvalidEmailRequestException("Unknown e-mail type '%s'".formatted(request.type()));
        }
    }

    public RenderedEmail render(EmailRequest request) {
        validate(request);
        var locale = localeOf(request);
        var context = new Context(locale);
        context.setVariable("customerNumber", request.customerNumber());
        context.setVariable("customerServicePhone", properties.customerServicePhone());
        if (EmailRequest.Type.PASSWORD_SETUP.equals(request.type())) {
            var minutes = validMinutes(request);
            var validUntil = request.occurredAt().plusSeconds(minutes * 60L).atZone(properties.timeZone());
            var pattern = locale.getLanguage().equals("en") ? "d MMMM yyyy 'at' HH:mm" : "d MMMM yyyy 'kl.' HH:mm";
            context.setVariable("link", link(request));
            context.setVariable("validMinutes", minutes);
            context.setVariable(
                    "validUntil", DateTimeFormatter.ofPattern(pattern, locale).format(validUntil));
        }
        if (EmailRequest.Type.EMAIL_CHANGED.equals(request.type())) {
            context.setVariable("role", role(request));
        }
        var name = request.type() + "_" + locale.getLanguage();
        var subject = subjects.getMessage(request.type() + ".subject", null, locale);
        return new RenderedEmail(subject, text.process(name, context), html.process(name, context));
    }

    private String link(EmailRequest request) {
        var link = param(request, "link");
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new InvalidEmailRequestException("Parameter 'link' is not a URI");
        }
        var allowed = properties.allowedLinkPrefixes().stream().anyMatch(link::startsWith);
        if (!allowed || uri.getHost() == null) {
            throw new InvalidEmailRequestException(
                    "Parameter 'link' does not start with an allowed prefix (host %s)".formatted(uri.getHost()));
        }
        return link;
    }

    /** Whether the e-mail-changed notice goes to the old or to the new address. */
    private static String role(EmailRequest request) {
        var role = param(request, "role");
        if (!role.equals("old") && !role.equals("new")) {
            throw new InvalidEmailRequestException("Parameter 'role' must be old or new");
        }
        return role;
    }

    private static int validMinutes(EmailRequest request) {
        var value = param(request, "validMinutes");
        try {
            var minutes = Integer.parseInt(value.trim());
            if (minutes < 1 || minutes > MAX_VALID_MINUTES) {
                throw new InvalidEmailRequestException("Parameter 'validMinutes' is out of range: " + minutes);
            }
            return minutes;
        } catch (NumberFormatException e) {
            throw new InvalidEmailRequestException("Parameter 'validMinutes' is not a whole number");
        }
    }

    private static String param(EmailRequest request, String name) {
        Map<String, String> params = request.params();
        var value = params.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEmailRequestException(
                    "Parameter '%s' is missing for type '%s'".formatted(name, request.type()));
        }
        return value;
    }

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        var engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
