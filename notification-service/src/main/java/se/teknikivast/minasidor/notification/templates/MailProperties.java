package se.teknikivast.minasidor.notification.templates;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What goes into every mail.
 *
 * @param from the sender, e.g. {@code Teknikiväst Mina sidor <no-reply@teknikivast.se>}
 * @param customerServicePhone the number customers are told to ring
 * @param timeZone the zone in which expiry times are written
 * @param allowedLinkPrefixes a link is mailed only when it starts with one of these (our own password pages)
 */
@Validated
@ConfigurationProperties("minasidor.notification.mail")
public record MailProperties(
        @NotBlank String from,
        @NotBlank String customerServicePhone,
        ZoneId timeZone,
        @NotEmpty List<String> allowedLinkPrefixes) {

    public MailProperties {
        timeZone = timeZone == null ? ZoneId.of("Europe/Stockholm") : timeZone;
    }
}
