package se.teknikivast.minasidor.infrastructure.embedded;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real SMTP server (GreenMail) that keeps every message it accepts, so tests and people can read them. */
public final class SmtpServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final int port;

    private SmtpServer(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    public static SmtpServer start(int port) {
        int chosen = port > 0 ? port : Ports.freePort();
        if (port > 0) {
            Ports.requireFree(port, "the SMTP server");
        }
        var greenMail = new GreenMail(new ServerSetup(chosen, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new SmtpServer(greenMail, chosen);
    }

    public int port() {
        return port;
    }

    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("Could not purge the mailboxes", e);
        }
    }

    /** Stops accepting mail, to test what senders do while SMTP is down; {@link #resume()} brings it back. */
    public void pause() {
        greenMail.stop();
    }

    public void resume() {
        greenMail.start();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
