package se.teknikivast.minasidor.notification.letter;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Letters ({@code minasidor.notification.letters.*}).
 *
 * @param topic where letter requests arrive ({@code notification.letter.v1})
 * @param printQueue the folder a print house collects PDFs from; a letter appears there whole (written beside it, then
 *     moved in) so a collector never takes half a file
 * @param timeZone for the dates printed in the letter
 */
@Validated
@ConfigurationProperties("minasidor.notification.letters")
public record LetterProperties(
        @NotBlank String topic,
        @NotNull Path printQueue,
        @NotNull ZoneId timeZone) {}
