package se.teknikivast.minasidor.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

/**
 * Makes the mails the local SMTP server accepts readable by a person: each is saved as {@code .eml}, its links are
 * printed to the console, and a small web inbox lists them newest first.
 */
final class MailInbox implements AutoCloseable {

    private final SmtpServer smtp;
    private final PrintQueueView letters;
    private final Path mailDirectory;
    private final PrintStream console;
    private final Clock clock;
    private final List<Mail> mails = new ArrayList<>();
    private final Set<MimeMessage> collected = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ScheduledExecutorService poller;
    private HttpServer http;

    MailInbox(SmtpServer smtp, Path mailDirectory, Path printQueue, PrintStream console, Clock clock) {
        this.smtp = smtp;
        this.letters = new PrintQueueView(printQueue);
        this.mailDirectory = mailDirectory;
        this.console = console;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mail-inbox").daemon(true).factory());
    }

    /** Starts watching for new mail and serves the inbox on {@code port} (0 for a free one). */
    MailInbox start(int port) {
        try {
            Files.createDirectories(mailDirectory);
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("The web inbox could not listen on port " + port, e);
        }
        http.createContext("/", this::handle);
        http.start();
        poller.scheduleWithFixedDelay(this::collectNewMail, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    int port() {
        return http.getAddress().getPort();
    }

    /**
     * Reads the messages the SMTP server received since the last look. The server lists its messages mailbox by mailbox
     * (one per recipient), not in the order they arrived: a new mail to an address that already has mail lands in the
     * middle of the list, not at its end. So what is new is what has not been read before (the server hands out the
     * same message object each time), taken in the order the server received it.
     */
    synchronized List<Mail> collectNewMail() {
        var fresh = smtp.messages().stream()
                .filter(message -> !collected.contains(message))
                .sorted(Comparator.comparing(MailInbox::receivedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        var added = new ArrayList<Mail>();
        for (var message : fresh) {
            collected.add(message);
            int number = mails.size() + 1;
            try {
                var mail = Mail.of(number, message, clock.instant());
                mails.add(mail);
                added.add(mail);
                save(mail);
                announce(mail);
            } catch (RuntimeException e) {
                console.println("[mail] could not read a mail: " + e.getMessage());
            }
        }
        return added;
    }

    private static Date receivedAt(MimeMessage message) {
        try {
            return message.getReceivedDate();
        } catch (MessagingException e) {
            return null;
        }
    }

    synchronized List<Mail> mails() {
        return List.copyOf(mails);
    }

    synchronized Optional<Mail> mail(int number) {
        return number >= 1 && number <= mails.size() ? Optional.of(mails.get(number - 1)) : Optional.empty();
    }

    Path emlFile(Mail mail) {
        return mailDirectory.resolve("%04d.eml".formatted(mail.number()));
    }

    private void save(Mail mail) {
        try {
            Files.write(emlFile(mail), mail.raw());
        } catch (IOException e) {
            console.println("[mail] could not save " + emlFile(mail) + ": " + e.getMessage());
        }
    }

    private void announce(Mail mail) {
        // Local stack only: the demo's one-time links are meant to be clicked from here.
        console.printf("[mail] #%d to %s: %s  (%s)%n", mail.number(), mail.to(), mail.subject(), emlFile(mail));
        for (var link : mail.links()) {
            console.println("[mail]    " + link);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "Only GET".getBytes(StandardCharsets.UTF_8));
                return;
            }
            collectNewMail();
            var path = exchange.getRequestURI().getPath();
            if (path.equals("/letters")) {
                respond(exchange, 200, "text/html", html(letters.page()));
            } else if (path.matches("/letters/[0-9a-f-]{36}\\.pdf")) {
                var found = letters.letter(path.substring("/letters/".length(), path.length() - ".pdf".length()));
                if (found.isPresent()) {
                    respond(
                            exchange,
                            200,
                            "application/pdf",
                            Files.readAllBytes(found.get().file()));
                } else {
                    respond(exchange, 404, "text/html", html(InboxPages.notFound()));
                }
            } else if (path.equals("/")) {
                respond(exchange, 200, "text/html", html(InboxPages.list(mails())));
            } else if (path.matches("/messages/\\d{1,9}")) {
                var found = mail(Integer.parseInt(path.substring("/messages/".length())));
                if (found.isPresent()) {
                    respond(exchange, 200, "text/html", html(InboxPages.message(found.get())));
                } else {
                    respond(exchange, 404, "text/html", html(InboxPages.notFound()));
                }
            } else if (path.matches("/messages/\\d{1,9}\\.eml")) {
                var number = path.substring("/messages/".length(), path.length() - ".eml".length());
                var found = mail(Integer.parseInt(number));
                if (found.isPresent()) {
                    respond(exchange, 200, "message/rfc822", found.get().raw());
                } else {
                    respond(exchange, 404, "text/html", html(InboxPages.notFound()));
                }
            } else {
                respond(exchange, 404, "text/html", html(InboxPages.notFound()));
            }
        }
    }

    private static byte[] html(String page) {
        return page.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type.startsWith("text/") ? type + "; charset=utf-8" : type);
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (http != null) {
            http.stop(0);
        }
    }
}
