package se.teknikivast.minasidor.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

class SendResultTests {

    @Test
    void aRefusedConnectionIsTransient() {
        var refused = new MailConnectException(new SocketConnectException(
                "refused", new ConnectException("Connection refused"), "localhost", 25, 5000));

        assertThat(SendResult.of(refused))
                .isInstanceOfSatisfying(
                        SendResult.Transient.class,
                        t -> assertThat(t.connectionLost()).isTrue());
    }

    @Test
    void a4xxReplyIsTransientAnd5xxIsPermanent() throws Exception {
        var address = new InternetAddress("anna.andersson@example.se");
        var busy = sendFailed(
                new SMTPAddressFailedException(address, "RCPT TO", 451, "451 try later <anna.andersson@example.se>"));
        var unknown = sendFailed(new SMTPAddressFailedException(
                address, "RCPT TO", 550, "550 no such user <anna.andersson@example.se>"));

        assertThat(SendResult.of(busy)).isInstanceOf(SendResult.Transient.class);
        assertThat(SendResult.of(unknown))
                .isInstanceOfSatisfying(
                        SendResult.Permanent.class,
                        p -> assertThat(p.error())
                                .contains("SMTP 550")
                                .contains("a***@example.se")
                                .doesNotContain("anna.andersson"));
    }

    private static SendFailedException sendFailed(MessagingException cause) throws Exception {
        return new SendFailedException("Invalid Addresses", cause, null, null, new InternetAddress[] {
            new InternetAddress("anna.andersson@example.se")
        });
    }
}
