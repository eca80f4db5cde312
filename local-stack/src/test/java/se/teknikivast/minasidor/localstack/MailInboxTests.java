package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.teknikivast.minasidor.infrastructure.embedded.SmtpServer;

class MailInboxTests {

    private static final String LINK = "http://localhost:8080/auth/losenord/l/Q2hvb3NlQVBhc3N3b3Jk?lang=sv&src=mail";

    @TempDir
    Path mailDirectory;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    private SmtpServer smtp;
    private MailInbox inbox;

    @BeforeEach
    void start() {
        smtp = SmtpServer.start(0);
        inbox = new MailInbox(
                        smtp,
                        mailDirectory,
                        mailDirectory.resolve("print-queue"),
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        Clock.systemDefaultZone())
                .start(0);
    }

    @AfterEach
    void stop() {
        inbox.close();
        smtp.close();
    }

    @Test
    void showsTheLettersOfThePrintQueueWithTheirTextAndPdf() throws Exception {
        assertThat(get("/letters").body()).contains("No letters yet");
        var id = "0b7f3a52-5d7e-4c0e-9a43-1f0d6f0e2a11";
        var queue = Files.createDirectories(mailDirectory.resolve("print-queue"));
        try (var document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var page = new org.apache.pdfbox.pdmodel.PDPage();
            document.addPage(page);
            try (var out = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                out.beginText();
                out.setFont(
                        new org.apache.pdfbox.pdmodel.font.PDType1Font(
                                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
                        12);
                out.newLineAtOffset(50, 700);
                out.showText("Din aktiveringskod: ABCDE-FGH23 <b>");
                out.endText();
            }
            document.save(queue.resolve(id + ".pdf").toFile());
        }
        Files.writeString(queue.resolve("." + id + ".pdf.part"), "half a letter");

        var page = get("/letters");
        assertThat(page.body())
                .contains("Din aktiveringskod: ABCDE-FGH23 &lt;b&gt;")
                .contains("/letters/" + id + ".pdf")
                .doesNotContain("half a letter");
        assertThat(get("/").body()).contains("href=\"/letters\"");
        var pdf = get("/letters/" + id + ".pdf");
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF");
        assertThat(get("/letters/00000000-0000-0000-0000-000000000000.pdf").statusCode())
                .isEqualTo(404);
    }

    @Test
    void listsMailsNewestFirst() throws Exception {
        send("tolvan@example.se", "Välj ditt lösenord", "Hej!\n" + LINK + "\n", null);
        send("lisa@example.se", "Ditt lösenord är ändrat", "Hej Lisa", null);
        inbox.collectNewMail();

        var page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().indexOf("Ditt lösenord är ändrat"))
                .isPositive()
                .isLessThan(page.body().indexOf("Välj ditt lösenord"));
        assertThat(page.body()).contains("href=\"/messages/1\"").contains("href=\"/messages/2\"");
    }

    @Test
    void aNewMailToAnAddressThatAlreadyHasMailIsShownOnceAndNoOlderMailAgain() throws Exception {
        // The SMTP server keeps one mailbox per recipient; a second mail to the first recipient arrives after the
        // other recipient's mail, as when Tolvan's reset link follows a mail to Sven.
        send("tolvan@example.se", "Annan e-postadress angiven", "Hej Tolvan", null);
        inbox.collectNewMail();
        send("sven@example.se", "Välj ditt lösenord", "Hej Sven\n" + LINK + "\n", null);
        inbox.collectNewMail();
        send("tolvan@example.se", "Välj ditt lösenord", "Hej Tolvan igen\n" + LINK + "\n", null);
        var added = inbox.collectNewMail();

        assertThat(added)
                .extracting(Mail::to, Mail::subject)
                .containsExactly(tuple("tolvan@example.se", "Välj ditt lösenord"));
        assertThat(inbox.mails())
                .extracting(Mail::number, Mail::to, Mail::subject)
                .containsExactly(
                        tuple(1, "tolvan@example.se", "Annan e-postadress angiven"),
                        tuple(2, "sven@example.se", "Välj ditt lösenord"),
                        tuple(3, "tolvan@example.se", "Välj ditt lösenord"));
        assertThat(Files.readString(mailDirectory.resolve("0003.eml"), StandardCharsets.ISO_8859_1))
                .contains("Hej Tolvan igen");
    }

    @Test
    void showsAMailWithItsLinksClickable() throws Exception {
        var html = "<p>Hej!</p><p><a href=\"" + LINK.replace("&", "&amp;") + "\">Välj lösenord</a></p>";
        send("tolvan@example.se", "Välj ditt lösenord", "Hej!\nVälj lösenord: " + LINK + "\n", html);
        inbox.collectNewMail();

        var page = get("/messages/1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        var escapedLink = LINK.replace("&", "&amp;");
        assertThat(page.body())
                .contains("<a href=\"" + escapedLink + "\" rel=\"noreferrer noopener\">" + escapedLink + "</a>")
                .contains("tolvan@example.se")
                .contains("srcdoc=\"")
                .contains("sandbox=\"");
    }

    @Test
    void escapesWhatTheMailSaysSoItCannotRunScriptInTheInbox() throws Exception {
        send("tolvan@example.se", "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", null);
        inbox.collectNewMail();

        assertThat(get("/").body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)");
        assertThat(get("/messages/1").body()).doesNotContain("<img src=x").contains("&lt;img src=x");
    }

    @Test
    void savesEachMailAsEmlAndPrintsItsLinks() throws Exception {
        send("tolvan@example.se", "Välj ditt lösenord", "Välj lösenord: " + LINK + ".\n", null);

        var added = inbox.collectNewMail();

        assertThat(added).hasSize(1);
        var eml = mailDirectory.resolve("0001.eml");
        assertThat(Files.readString(eml, StandardCharsets.ISO_8859_1)).contains("Message-ID");
        assertThat(new MimeMessage(Session.getInstance(new Properties()), Files.newInputStream(eml)).getSubject())
                .isEqualTo("Välj ditt lösenord");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("#1 to tolvan@example.se: Välj ditt lösenord")
                .contains("[mail]    " + LINK + "\n");
        assertThat(get("/messages/1.eml").body()).contains("Subject:");
    }

    @Test
    void answersNotFoundForAMailThatDoesNotExist() throws Exception {
        assertThat(get("/messages/7").statusCode()).isEqualTo(404);
        assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + inbox.port() + path))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void send(String to, String subject, String text, String html) throws Exception {
        var properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        var message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("no-reply@teknikivast.se"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        if (html == null) {
            message.setText(text, "UTF-8");
        } else {
            var textPart = new MimeBodyPart();
            textPart.setText(text, "UTF-8");
            var htmlPart = new MimeBodyPart();
            htmlPart.setText(html, "UTF-8", "html");
            message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        }
        Transport.send(message);
    }
}
