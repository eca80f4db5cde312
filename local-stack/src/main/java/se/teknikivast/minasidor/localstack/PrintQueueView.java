package se.teknikivast.minasidor.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The letters notification-service put in the local print queue (what a print house would collect and post), shown
 * beside the mail inbox: a list, newest first, each with its text (read from the PDF) and the PDF itself.
 */
final class PrintQueueView {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    record Letter(String id, Path file, long modifiedMillis) {}

    private final Path folder;

    PrintQueueView(Path folder) {
        this.folder = folder;
    }

    List<Letter> letters() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f-]{36}\\.pdf"))
                    .map(f -> {
                        try {
                            return new Letter(
                                    f.getFileName().toString().replace(".pdf", ""),
                                    f,
                                    Files.getLastModifiedTime(f).toMillis());
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .filter(l -> l != null)
                    .sorted(Comparator.comparingLong(Letter::modifiedMillis).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    Optional<Letter> letter(String id) {
        return letters().stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The text of the letter's PDF, as a print house's proof would show it. */
    static String text(Letter letter) {
        try (var document = Loader.loadPDF(letter.file().toFile())) {
            return new PDFTextStripper().getText(document).strip();
        } catch (IOException e) {
            return "(could not read " + letter.file().getFileName() + ": " + e.getMessage() + ")";
        }
    }

    /** Every letter with its text, newest first (few in a local run, so all on one page). */
    String page() {
        var letters = letters();
        var body = new StringBuilder("<p><a href=\"/\">&larr; Inbox</a></p>\n<h1>Print queue</h1>\n");
        body.append("<p>Letters notification-service put in ")
                .append(InboxPages.escape(folder.toString()))
                .append(", where a print house would collect them.</p>\n");
        if (letters.isEmpty()) {
            body.append("<p>No letters yet.</p>\n");
        }
        for (var letter : letters) {
            body.append("<article class=\"letter\" id=\"letter-")
                    .append(letter.id())
                    .append("\"><h2>")
                    .append(TIME.format(java.time.Instant.ofEpochMilli(letter.modifiedMillis())))
                    .append(" · <a href=\"/letters/")
                    .append(letter.id())
                    .append(".pdf\">PDF</a></h2>\n<pre>")
                    .append(InboxPages.escape(text(letter)))
                    .append("</pre></article>\n");
        }
        return InboxPages.page("Print queue (" + letters.size() + ")", body.toString());
    }
}
