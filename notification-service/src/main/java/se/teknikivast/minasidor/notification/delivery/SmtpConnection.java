package se.teknikivast.minasidor.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One SMTP connection, kept open between mails (one per sender thread; not thread-safe). Connecting costs more than
 * sending a small mail, which is why the senders do not use {@code JavaMailSender.send}, which connects every time.
 */
final class SmtpConnection implements AutoCloseable {

    /** After this long unused the server may have dropped us: check with a NOOP before reusing. */
    private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofSeconds(5).toNanos();

    private final JavaMailSenderImpl settings;
    private Transport transport;
    private long lastUsed;

    SmtpConnection(JavaMailSenderImpl settings) {
        this.settings = settings;
    }

    void send(MimeMessage message) throws MessagingException {
        if (transport != null && System.nanoTime() - lastUsed > CHECK_AFTER_IDLE_NANOS && !transport.isConnected()) {
            close();
        }
        if (transport == null) {
            var opened = settings.getSession().getTransport(settings.getProtocol());
            opened.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
            transport = opened;
        }
        try {
            transport.sendMessage(message, message.getAllRecipients());
            lastUsed = System.nanoTime();
        } catch (MessagingException | RuntimeException e) {
            // After a refusal the session's state is not worth reasoning about: the next mail starts afresh.
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // Closing a broken connection may fail; it is gone either way.
            }
            transport = null;
        }
    }
}
