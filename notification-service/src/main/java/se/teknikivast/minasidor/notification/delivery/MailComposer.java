package se.teknikivast.minasidor.notification.delivery;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.events.EmailRequest;
import se.teknikivast.minasidor.notification.templates.EmailTemplates;
import se.teknikivast.minasidor.notification.templates.InvalidEmailRequestException;
import se.teknikivast.minasidor.notification.templates.MailProperties;
import se.teknikivast.minasidor.notification.templates.RenderedEmail;

/** Builds the MIME message: multipart/alternative with the plain text first and the HTML second. */
@Component
class MailComposer {

    private final InternetAddress from;
    private final String messageIdDomain;

    MailComposer(MailProperties properties) {
        try {
            var parsed = new InternetAddress(properties.from(), true);
            from = new InternetAddress(parsed.getAddress(), parsed.getPersonal(), StandardCharsets.UTF_8.name());
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("minasidor.notification.mail.from is not an address", e);
        }
        messageIdDomain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
    }

    /** Parses a recipient strictly: one plain address, nothing else. */
    static InternetAddress recipient(String to) {
        try {
            var address = new InternetAddress(to.strip(), true);
            address.validate();
            if (address.isGroup() || !address.getAddress().contains("@")) {
                throw new InvalidEmailRequestException("The recipient is not a single address");
            }
            return address;
        } catch (AddressException e) {
            throw new InvalidEmailRequestException("The recipient is not a valid address");
        }
    }

    MimeMessage compose(Session session, UUID id, EmailRequest request, RenderedEmail mail, Instant now)
            throws MessagingException {
        // The request id as Message-ID: should the same request ever be sent twice (see README), mail systems that
        // de-duplicate on Message-ID show it once.
        var message = new FixedIdMimeMessage(session, "<%s@%s>".formatted(id, messageIdDomain));
        message.setFrom(from);
        message.setRecipient(
                Message.RecipientType.TO,
                new InternetAddress(recipient(request.to()).getAddress()));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(now));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("Content-Language", EmailTemplates.localeOf(request).getLanguage());

        var text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        var html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        var alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static final class FixedIdMimeMessage extends MimeMessage {
        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
