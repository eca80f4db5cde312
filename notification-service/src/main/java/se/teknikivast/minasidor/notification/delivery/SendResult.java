package se.teknikivast.minasidor.notification.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.io.IOException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import se.teknikivast.minasidor.identity.Masking;

/** What one SMTP attempt came to. */
sealed interface SendResult {

    record Sent() implements SendResult {}

    /** Worth trying again later: the server is unreachable or said 4xx. */
    record Transient(String error, boolean connectionLost) implements SendResult {}

    /** Trying again cannot help: the server said 5xx, or the address is invalid. */
    record Permanent(String error) implements SendResult {}

    /** Classifies a failure; errors are masked, since SMTP replies quote the recipient. */
    static SendResult of(Exception failure) {
        var code = replyCode(failure);
        var error = Masking.text(describe(failure, code));
        if (failure instanceof AddressException) {
            return new Permanent(error);
        }
        if (code >= 500) {
            return new Permanent(error);
        }
        if (code >= 400) {
            return new Transient(error, false);
        }
        if (failure instanceof SendFailedException sendFailed
                && sendFailed.getInvalidAddresses() != null
                && sendFailed.getInvalidAddresses().length > 0) {
            return new Permanent(error);
        }
        // Authentication failures are our configuration, not the mail: retry until someone fixes it.
        var connectionLost = !(failure instanceof AuthenticationFailedException) && hasIoCause(failure);
        return new Transient(error, connectionLost || code == 0);
    }

    private static int replyCode(Throwable failure) {
        for (var current = failure; current != null; current = next(current)) {
            switch (current) {
                case SMTPAddressFailedException e
                when e.getReturnCode() > 0 -> {
                    return e.getReturnCode();
                }
                case SMTPSendFailedException e
                when e.getReturnCode() > 0 -> {
                    return e.getReturnCode();
                }
                case SMTPSenderFailedException e
                when e.getReturnCode() > 0 -> {
                    return e.getReturnCode();
                }
                default -> {}
            }
        }
        return 0;
    }

    private static boolean hasIoCause(Throwable failure) {
        for (var current = failure; current != null; current = next(current)) {
            if (current instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable current) {
        if (current instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return current.getCause() == current ? null : current.getCause();
    }

    private static String describe(Exception failure, int code) {
        var message = failure.getMessage() == null ? "" : failure.getMessage().strip();
        var kind = failure.getClass().getSimpleName();
        var text = code > 0 ? "SMTP %d %s: %s".formatted(code, kind, message) : kind + ": " + message;
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        if (root != failure && root.getMessage() != null) {
            text += " (" + root.getClass().getSimpleName() + ": "
                    + root.getMessage().strip() + ")";
        }
        return text.replaceAll("\\s+", " ");
    }
}
