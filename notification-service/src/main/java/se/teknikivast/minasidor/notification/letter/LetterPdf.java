package se.teknikivast.minasidor.notification.letter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import se.teknikivast.minasidor.events.LetterRequest;

/**
 * Renders a letter as a one-page A4 PDF: the recipient's address where a C5 window envelope shows it, the date, and the
 * text. Helvetica with WinAnsi encoding covers Swedish (å, ä, ö); characters it cannot print are replaced.
 */
final class LetterPdf {

    private static final float MM = 72f / 25.4f;
    private static final Locale SWEDISH = Locale.of("sv", "SE");

    private LetterPdf() {}

    /** The PDF of an activation-code letter. */
    static byte[] activationCode(LetterRequest request, LocalDate today) {
        var english = "en".equals(request.locale());
        var code = param(request, "code");
        var validUntil = date(param(request, "validUntil"), english);
        var lines = new ArrayList<Line>();
        if (english) {
            lines.add(Line.heading("Your activation code for Mina sidor"));
            lines.add(Line.text("Someone – we hope it was you – registered an e-mail address for Mina sidor at"
                    + " Teknikiväst for customer number " + request.customerNumber() + " and asked for an activation"
                    + " code. It proves that the registration was made by someone who receives this customer's post."));
            lines.add(Line.code(code));
            lines.add(Line.text("The code works once, until " + validUntil + ". Open the link in the e-mail we sent"
                    + " and enter the code when you choose your password. If the link has expired, ask for a new one"
                    + " under \"New customer or forgotten your password? Click here\" on the login page."));
            lines.add(Line.text("Did you not ask for this? Do not give the code to anyone, and call customer service"
                    + " on 0570-822 00."));
            lines.add(Line.text("Kind regards, Teknikiväst AB"));
        } else {
            lines.add(Line.heading("Din aktiveringskod till Mina sidor"));
            lines.add(Line.text("Någon – vi hoppas att det var du – har registrerat en e-postadress för Mina sidor hos"
                    + " Teknikiväst för kundnummer " + request.customerNumber() + " och bett om en aktiveringskod."
                    + " Koden visar att registreringen gjordes av någon som får kundens post."));
            lines.add(Line.code(code));
            lines.add(Line.text("Koden kan användas en gång och gäller till och med " + validUntil + ". Öppna länken"
                    + " i e-postmeddelandet vi skickade och fyll i koden när du väljer lösenord. Har länken gått ut"
                    + " beställer du en ny under \"Ny kund eller har du glömt ditt lösenord? Klicka här\" på"
                    + " inloggningssidan."));
            lines.add(Line.text("Har du inte bett om koden? Lämna inte ut den till någon, och ring kundservice på"
                    + " tfn 0570-822 00 (vx)."));
            lines.add(Line.text("Med vänliga hälsningar, Teknikiväst AB"));
        }
        return render(request.recipient(), today, english, lines);
    }

    private record Line(String text, float size, boolean bold, float spaceAfter) {
        static Line heading(String text) {
            return new Line(text, 15, true, 10);
        }

        static Line text(String text) {
            return new Line(text, 11, false, 8);
        }

        static Line code(String text) {
            return new Line(text, 22, true, 14);
        }
    }

    private static byte[] render(
            LetterRequest.Recipient recipient, LocalDate today, boolean english, List<Line> lines) {
        try (var document = new PDDocument()) {
            var page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            var regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            var bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            float height = page.getMediaBox().getHeight();
            float left = 25 * MM;
            float width = page.getMediaBox().getWidth() - 2 * left;
            try (var out = new PDPageContentStream(document, page)) {
                write(out, bold, 12, left, height - 20 * MM, "Teknikiväst AB");
                write(out, regular, 9, left, height - 25 * MM, "Box 100, 651 00 Karlstad · Kundservice 0570-822 00");
                // The address window of a C5 envelope (left, 45–70 mm from the top).
                float y = height - 50 * MM;
                for (var part : List.of(
                        recipient.name(), recipient.street(), recipient.postalCode() + "  " + recipient.city())) {
                    write(out, regular, 11, left, y, part);
                    y -= 14;
                }
                write(
                        out,
                        regular,
                        10,
                        left + width - 40 * MM,
                        height - 50 * MM,
                        DateTimeFormatter.ofPattern("d MMMM yyyy", english ? Locale.ENGLISH : SWEDISH)
                                .format(today));
                y = height - 95 * MM;
                for (var line : lines) {
                    var font = line.bold() ? bold : regular;
                    for (var wrapped : wrap(line.text(), font, line.size(), width)) {
                        write(out, font, line.size(), left, y, wrapped);
                        y -= line.size() * 1.35f;
                    }
                    y -= line.spaceAfter();
                }
            }
            var bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not render the letter", e);
        }
    }

    private static void write(PDPageContentStream out, PDType1Font font, float size, float x, float y, String text)
            throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(printable(font, text));
        out.endText();
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (var word : text.split(" ")) {
            var candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(printable(font, candidate)) / 1000 * size > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The text with every character the font cannot encode replaced by '?'. */
    private static String printable(PDType1Font font, String text) {
        var out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            var character = new String(Character.toChars(c));
            try {
                font.encode(character);
                out.append(character);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static String param(LetterRequest request, String name) {
        var value = request.params().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Parameter '" + name + "' is missing");
        }
        return value;
    }

    private static String date(String iso, boolean english) {
        try {
            return DateTimeFormatter.ofPattern("d MMMM yyyy", english ? Locale.ENGLISH : SWEDISH)
                    .format(LocalDate.parse(iso));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Parameter 'validUntil' is not a date");
        }
    }
}
